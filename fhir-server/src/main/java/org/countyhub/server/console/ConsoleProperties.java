package org.countyhub.server.console;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The web console 医共体工作台 ({@code hub.console.*}, docs/console.md).
 *
 * @param hubAddress where the console reaches the hub's own authorization server and FHIR base, server to server;
 *                   empty: {@code http://localhost:<the hub's port>} (the hub calling itself over loopback)
 * @param addresses  the addresses people open the console at ({@code https://hub.county.example.cn}); the console's
 *                   sign-in client accepts only these as return addresses; empty: {@code http://localhost:<port>}
 *                   and {@code http://127.0.0.1:<port>}
 * @param zone       the county's time zone, in which dates are shown ({@code 2026-11-20 09:40})
 * @param pageSize   timeline entries per page (1..100)
 * @param replayJobsKeptFor how long an operator's finished replay job (重放, its progress page and answers) is kept
 *                   in the database before it is removed; at least one hour
 */
@ConfigurationProperties(prefix = "hub.console")
public record ConsoleProperties(
		@DefaultValue("") String hubAddress,
		@DefaultValue List<String> addresses,
		@DefaultValue("Asia/Shanghai") ZoneId zone,
		@DefaultValue("20") int pageSize,
		@DefaultValue("30d") Duration replayJobsKeptFor) {

	public ConsoleProperties {
		if (!hubAddress.isBlank()) {
			requireUrl("hub.console.hub-address", hubAddress);
		}
		for (String address : addresses) {
			requireUrl("hub.console.addresses", address);
		}
		if (pageSize < 1 || pageSize > 100) {
			throw new IllegalArgumentException("hub.console.page-size must be between 1 and 100: " + pageSize);
		}
		if (replayJobsKeptFor.compareTo(Duration.ofHours(1)) < 0) {
			throw new IllegalArgumentException(
					"hub.console.replay-jobs-kept-for must be at least 1h: " + replayJobsKeptFor);
		}
	}

	private static void requireUrl(String key, String value) {
		URI uri;
		try {
			uri = URI.create(value);
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(key + " must be an http(s) address without a path: " + value, e);
		}
		boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
		boolean bare = uri.getPath() == null || uri.getPath().isEmpty() || "/".equals(uri.getPath());
		if (!web || uri.getHost() == null || !bare) {
			throw new IllegalArgumentException(key + " must be an http(s) address without a path: " + value);
		}
	}
}
