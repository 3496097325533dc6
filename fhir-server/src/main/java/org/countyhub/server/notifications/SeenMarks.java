package org.countyhub.server.notifications;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * When each person last opened their notifications, per acting unit: what came after is new to them. In the hub's
 * database, so that a restart does not make the day's items new again and every instance of the hub agrees. One
 * row per person and unit (the county's staff, not its patients): small, read by its key at each bell poll.
 */
public class SeenMarks {

	private final JdbcTemplate jdbc;

	public SeenMarks(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Creates the table if it is not there (same DDL on H2 and PostgreSQL). */
	public void createTable() {
		jdbc.execute("CREATE TABLE IF NOT EXISTS hub_notification_seen ("
				+ "username VARCHAR(200) NOT NULL, "
				+ "unit VARCHAR(64) NOT NULL, "
				+ "seen_at TIMESTAMP WITH TIME ZONE NOT NULL, "
				+ "CONSTRAINT hub_notification_seen_key PRIMARY KEY (username, unit))");
	}

	/** When this person last opened the list while acting for this unit; empty when never. */
	public Optional<Instant> seen(String username, String unit) {
		return jdbc.query("SELECT seen_at FROM hub_notification_seen WHERE username = ? AND unit = ?",
				(rs, n) -> rs.getTimestamp(1).toInstant(), username, unit).stream().findFirst();
	}

	/** Marks the list seen at {@code when}; an earlier mark never replaces a later one (two tabs, two hubs). */
	public void seenAt(String username, String unit, Instant when) {
		Timestamp at = Timestamp.from(when);
		if (jdbc.update("UPDATE hub_notification_seen SET seen_at = ? WHERE username = ? AND unit = ? AND seen_at < ?",
				at, username, unit, at) > 0 || seen(username, unit).isPresent()) {
			return;
		}
		try {
			jdbc.update("INSERT INTO hub_notification_seen (username, unit, seen_at) VALUES (?, ?, ?)", username, unit,
					at);
		} catch (DuplicateKeyException insertedMeanwhile) {
			jdbc.update("UPDATE hub_notification_seen SET seen_at = ? WHERE username = ? AND unit = ? AND seen_at < ?",
					at, username, unit, at);
		}
	}
}
