package org.countyhub.server.console;

import java.time.Instant;
import java.time.ZoneId;
import org.countyhub.server.notifications.SeenMarks;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.springframework.stereotype.Component;

/**
 * When each person last opened the bell's list, per acting unit: what came after is new; never opened, what came
 * since midnight (China time). Kept by the hub ({@link SeenMarks}, in its database), so it survives page reloads,
 * signing in again, a restart and a second instance.
 */
@OnEmbeddedSignIn
@Component
class SeenNotifications {

	private final SeenMarks marks;
	private final ConsoleProperties properties;

	SeenNotifications(SeenMarks marks, ConsoleProperties properties) {
		this.marks = marks;
		this.properties = properties;
	}

	Instant since(ConsoleUser user, Instant now) {
		return marks.seen(user.username(), unit(user)).orElseGet(() -> midnight(now, properties.zone()));
	}

	void seenAt(ConsoleUser user, Instant when) {
		marks.seenAt(user.username(), unit(user), when);
	}

	private static String unit(ConsoleUser user) {
		return String.valueOf(user.actingUnit());
	}

	private static Instant midnight(Instant now, ZoneId zone) {
		return now.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
	}
}
