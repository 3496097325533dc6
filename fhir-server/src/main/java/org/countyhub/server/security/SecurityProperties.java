package org.countyhub.server.security;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may call the hub ({@code hub.security.*}, docs/security.md).
 *
 * @param issuerUri          empty: the hub signs its own tokens (embedded authorization server, clients, users and
 *                           key in the hub's database); otherwise the county's OIDC provider whose tokens are
 *                           accepted (its discovery document is read at the first request)
 * @param jwkSetUri          the external provider's JWK set, when it publishes no discovery document
 * @param audience           the {@code aud} every token must carry
 * @param accessTokenTtl     lifetime of the tokens the embedded server issues (at most 60 minutes)
 * @param expungeEnabled     allow {@code $expunge} (system admin only); off by default
 * @param hookAllowList      rest-hook endpoints a Subscription may point at, as URL prefixes
 *                           ({@code https://his.wsy01.example.cn/}); loopback, link-local and metadata addresses
 *                           are refused unless an entry names them explicitly
 * @param corsOrigins        origins allowed to call from a browser; empty = no CORS
 * @param benchmarkOff       for the security benchmark only (bench/security.sh): no token is asked or checked, every
 *                           request acts as one fixed caller, and MLLP senders are not checked against their units'
 *                           addresses; refused at start with any county but the demo, logged at WARN
 * @param keyClients         member units' systems that authenticate with a signed JWT ({@code private_key_jwt},
 *                           RFC 7523) against keys they publish, registered by the embedded server at every start
 */
@Validated
@ConfigurationProperties(prefix = "hub.security")
public record SecurityProperties(
		@DefaultValue("") String issuerUri,
		@DefaultValue("") String jwkSetUri,
		@DefaultValue("county-hub") String audience,
		@DefaultValue("30m") Duration accessTokenTtl,
		@DefaultValue("false") boolean expungeEnabled,
		@DefaultValue List<String> hookAllowList,
		@DefaultValue List<String> corsOrigins,
		@DefaultValue("false") boolean benchmarkOff,
		@DefaultValue List<KeyClient> keyClients) {

	/**
	 * A unit's system that proves who it is with a JWT signed by its own key ({@code private_key_jwt}): no shared
	 * secret is kept by the hub. Gets client-credentials tokens with role unit-system for that unit only.
	 *
	 * @param clientId  its client id ({@code iss} and {@code sub} of its assertions)
	 * @param unit      the member unit it writes for (MSH-4 code)
	 * @param jwkSetUri where it publishes its public keys (RS256)
	 */
	public record KeyClient(String clientId, String unit, String jwkSetUri) {}

	public SecurityProperties {
		if (!issuerUri.isBlank()) {
			requireUrl("hub.security.issuer-uri", issuerUri);
		}
		if (!jwkSetUri.isBlank()) {
			requireUrl("hub.security.jwk-set-uri", jwkSetUri);
			if (issuerUri.isBlank()) {
				throw new IllegalArgumentException("hub.security.jwk-set-uri needs hub.security.issuer-uri");
			}
		}
		if (audience.isBlank()) {
			throw new IllegalArgumentException("hub.security.audience must not be empty");
		}
		if (accessTokenTtl.isNegative() || accessTokenTtl.isZero() || accessTokenTtl.compareTo(Duration.ofHours(1)) > 0) {
			throw new IllegalArgumentException("hub.security.access-token-ttl must be between 1 second and 60 minutes");
		}
		for (String entry : hookAllowList) {
			requireUrl("hub.security.hook-allow-list", entry);
		}
		for (int i = 0; i < keyClients.size(); i++) {
			KeyClient client = keyClients.get(i);
			String key = "hub.security.key-clients[" + i + "]";
			if (client.clientId() == null || client.clientId().isBlank()) {
				throw new IllegalArgumentException(key + ".client-id must not be empty");
			}
			if (client.unit() == null || client.unit().isBlank()) {
				throw new IllegalArgumentException(key + ".unit must name a member unit (MSH-4 code)");
			}
			requireUrl(key + ".jwk-set-uri", client.jwkSetUri() == null ? "" : client.jwkSetUri());
		}
	}

	/** True when the hub issues its own tokens (no external issuer configured). */
	public boolean embeddedIssuer() {
		return issuerUri.isBlank();
	}

	private static void requireUrl(String key, String value) {
		try {
			URI uri = URI.create(value);
			if (uri.getScheme() == null || uri.getHost() == null
					|| !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
				throw new IllegalArgumentException(key + " must be an http(s) URL: " + value);
			}
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(key + " must be an http(s) URL: " + value, e);
		}
	}
}
