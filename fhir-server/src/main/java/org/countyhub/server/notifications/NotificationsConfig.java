package org.countyhub.server.notifications;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** What the hub keeps of its users' notifications: when each last opened them ({@link SeenMarks}). */
@Configuration
public class NotificationsConfig {

	@Bean
	SeenMarks seenMarks(JdbcTemplate jdbc) {
		SeenMarks marks = new SeenMarks(jdbc);
		marks.createTable();
		return marks;
	}
}
