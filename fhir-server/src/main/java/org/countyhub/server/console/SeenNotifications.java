package org.countyhub.server.console;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.springframework.stereotype.Component;

/**
 * When each person last opened the bell's list, per acting unit: what came after is new. Kept in the hub's memory,
 * not the session, so that it survives page reloads and signing in again (a restart forgets it: then what came
 * since midnight, China time, counts as new). One instant per person and unit: the county's staff, not its
 * patients, so it stays small.
 */
@OnEmbeddedSignIn
@Component
class SeenNotifications {

	private final Map<String, Instant> seen = new ConcurrentHashMap<>();
	private final ConsoleProperties properties;

	SeenNotifications(ConsoleProperties properties) {
		this.properties = properties;
	}

	Instant since(ConsoleUser user, Instant now) {
		return seen.getOrDefault(key(user), midnight(now, properties.zone()));
	}

	void seenAt(ConsoleUser user, Instant when) {
		seen.merge(key(user), when, (before, after) -> after.isAfter(before) ? after : before);
	}

	private static String key(ConsoleUser user) {
		return user.username() + "|" + user.actingUnit();
	}

	private static Instant midnight(Instant now, ZoneId zone) {
		return now.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
	}
}
