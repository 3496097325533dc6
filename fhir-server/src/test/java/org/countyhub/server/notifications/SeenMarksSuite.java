package org.countyhub.server.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The bell's "new since you last looked" survives a restart and is shared by the hub's instances: what one
 * {@link SeenMarks} stored, another on the same database (a restarted hub, a second instance) reads; a later look
 * is never replaced by an earlier one (two tabs, two hubs).
 */
interface SeenMarksSuite {

	ApplicationContext context();

	@Test
	default void aLookIsKeptInTheDatabaseAndALaterOneWins() {
		SeenMarks running = context().getBean(SeenMarks.class);
		SeenMarks restarted = new SeenMarks(context().getBean(JdbcTemplate.class));
		restarted.createTable();
		String user = "bell-" + UUID.randomUUID();
		Instant morning = Instant.parse("2026-12-03T01:00:00Z");
		Instant noon = morning.plus(3, ChronoUnit.HOURS);

		assertThat(restarted.seen(user, "WSY01")).isEmpty();
		running.seenAt(user, "WSY01", noon);
		assertThat(restarted.seen(user, "WSY01")).contains(noon);
		assertThat(restarted.seen(user, "WSY02")).as("another acting unit").isEmpty();

		restarted.seenAt(user, "WSY01", morning);
		assertThat(running.seen(user, "WSY01")).as("an earlier look does not replace a later one").contains(noon);
		Instant evening = noon.plus(6, ChronoUnit.HOURS);
		restarted.seenAt(user, "WSY01", evening);
		assertThat(running.seen(user, "WSY01")).contains(evening);
	}
}
