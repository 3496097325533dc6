package org.countyhub.server.feeds;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The time each record a feed updates was made from (the newest EVN-2 / MSH-7 applied to it), in the hub's table
 * {@code hub_feed_record_time}, so a late message can be told from a new one. Every call runs in the caller's
 * transaction (the feed's), on the FHIR store's database.
 */
final class FeedRecordTimes {

	private final JdbcTemplate jdbc;

	FeedRecordTimes(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
	}

	void createTable() {
		jdbc.execute("CREATE TABLE IF NOT EXISTS hub_feed_record_time ("
				+ "res_type VARCHAR(64) NOT NULL, "
				+ "res_id VARCHAR(100) NOT NULL, "
				+ "made_from TIMESTAMP WITH TIME ZONE NOT NULL, "
				+ "PRIMARY KEY (res_type, res_id))");
	}

	Optional<Instant> madeFrom(String type, String id) {
		List<Timestamp> times = jdbc.queryForList(
				"SELECT made_from FROM hub_feed_record_time WHERE res_type = ? AND res_id = ?", Timestamp.class, type, id);
		return times.stream().findFirst().map(Timestamp::toInstant);
	}

	/** A record a feed has just created was made from a message of {@code time} (one statement: nothing is held yet). */
	void created(String type, String id, Instant time) {
		jdbc.update("INSERT INTO hub_feed_record_time (res_type, res_id, made_from) VALUES (?, ?, ?)", type, id,
				Timestamp.from(time));
	}

	/** The record now reflects a message of {@code time}; an older time than the one held changes nothing. */
	void madeFrom(String type, String id, Instant time) {
		Timestamp at = Timestamp.from(time);
		int updated = jdbc.update("UPDATE hub_feed_record_time SET made_from = ? WHERE res_type = ? AND res_id = ? "
				+ "AND made_from < ?", at, type, id, at);
		if (updated > 0 || madeFrom(type, id).isPresent()) {
			return;
		}
		jdbc.update("INSERT INTO hub_feed_record_time (res_type, res_id, made_from) VALUES (?, ?, ?)", type, id, at);
	}
}
