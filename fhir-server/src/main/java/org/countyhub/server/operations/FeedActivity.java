package org.countyhub.server.operations;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the feeds' journal ({@code hub_feed_message}) says of each unit's messages lately: how many arrived in the
 * last hour and the last 24 hours by {@link Outcome}, and when the last one arrived. One grouped query over the
 * last 24 hours answers everything, at most once per {@code refresh} however often metrics are scraped; the journal
 * is the truth, so the figures survive restarts and agree between instances that share the database.
 */
public final class FeedActivity {

	/** What became of a message, from the journal's status and ACK code. */
	public enum Outcome {
		/** committed, ACKed AA */
		ACCEPTED,
		/** NAKed AE (application error: kept for replay) */
		ERROR,
		/** NAKed AR (rejected: malformed, unknown unit, not from the unit's addresses) */
		REJECTED,
		/** the database was unavailable: spooled, retried automatically */
		SPOOLED,
		/** being processed */
		IN_PROGRESS;

		static Outcome of(String status, String ackCode) {
			return switch (status) {
				case "PROCESSED" -> ACCEPTED;
				case "FAILED" -> "AR".equals(ackCode) ? REJECTED : ERROR;
				case "PENDING" -> SPOOLED;
				default -> IN_PROGRESS;
			};
		}

		/** The metric tag value. */
		public String tag() {
			return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
		}
	}

	/** Counts of one unit: last hour and last 24 hours by outcome, and the newest message time (null: none in 24 h). */
	public record UnitActivity(Map<Outcome, Long> lastHour, Map<Outcome, Long> lastDay, Instant lastReceived) {

		static UnitActivity none() {
			return new UnitActivity(Map.of(), Map.of(), null);
		}

		public long lastHour(Outcome outcome) {
			return lastHour.getOrDefault(outcome, 0L);
		}

		public long lastDay(Outcome outcome) {
			return lastDay.getOrDefault(outcome, 0L);
		}
	}

	private final JdbcTemplate jdbc;
	private final Clock clock;
	private final Duration refresh;
	private volatile Snapshot snapshot;

	private record Snapshot(Instant at, Map<String, UnitActivity> units) {}

	public FeedActivity(DataSource dataSource, Clock clock, Duration refresh) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.clock = clock;
		this.refresh = refresh;
	}

	/** The unit's activity (by MSH-4 code) as of at most {@code refresh} ago. */
	public UnitActivity of(String unit) {
		return current().units().getOrDefault(unit, UnitActivity.none());
	}

	private Snapshot current() {
		Snapshot held = snapshot;
		Instant now = clock.instant();
		if (held != null && held.at().plus(refresh).isAfter(now)) {
			return held;
		}
		synchronized (this) {
			if (snapshot == null || !snapshot.at().plus(refresh).isAfter(now)) {
				snapshot = read(now);
			}
			return snapshot;
		}
	}

	private Snapshot read(Instant now) {
		Timestamp hourAgo = Timestamp.from(now.minus(Duration.ofHours(1)));
		Timestamp dayAgo = Timestamp.from(now.minus(Duration.ofDays(1)));
		Map<String, Map<Outcome, Long>> hour = new HashMap<>();
		Map<String, Map<Outcome, Long>> day = new HashMap<>();
		Map<String, Instant> last = new HashMap<>();
		List<Map<String, Object>> rows = jdbc.queryForList("SELECT unit, status, ack_code, COUNT(*) AS day_count, "
				+ "SUM(CASE WHEN received_at >= ? THEN 1 ELSE 0 END) AS hour_count, MAX(received_at) AS last_received "
				+ "FROM hub_feed_message WHERE received_at >= ? GROUP BY unit, status, ack_code", hourAgo, dayAgo);
		for (Map<String, Object> row : rows) {
			String unit = (String) row.get("unit");
			Outcome outcome = Outcome.of((String) row.get("status"), (String) row.get("ack_code"));
			day.computeIfAbsent(unit, u -> new HashMap<>()).merge(outcome, number(row.get("day_count")), Long::sum);
			hour.computeIfAbsent(unit, u -> new HashMap<>()).merge(outcome, number(row.get("hour_count")), Long::sum);
			Instant received = instant(row.get("last_received"));
			if (received != null) {
				last.merge(unit, received, (a, b) -> a.isAfter(b) ? a : b);
			}
		}
		Map<String, UnitActivity> units = new HashMap<>();
		day.forEach((unit, counts) -> units.put(unit,
				new UnitActivity(hour.getOrDefault(unit, Map.of()), counts, last.get(unit))));
		return new Snapshot(now, units);
	}

	private static long number(Object value) {
		return value == null ? 0 : ((Number) value).longValue();
	}

	private static Instant instant(Object value) {
		if (value instanceof Timestamp t) {
			return t.toInstant();
		}
		if (value instanceof java.time.OffsetDateTime o) {
			return o.toInstant();
		}
		return null;
	}
}
