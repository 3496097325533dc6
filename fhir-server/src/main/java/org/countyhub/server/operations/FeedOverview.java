package org.countyhub.server.operations;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.countyhub.feeds.hl7.Hl7Message;
import org.countyhub.feeds.intake.FeedKind;
import org.countyhub.feeds.unit.FeedUnit;
import org.countyhub.feeds.unit.FeedUnits;
import org.countyhub.server.operations.FeedActivity.Outcome;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The 运维总览 figures per unit and feed line: received, accepted (AA), refused (AE + AR), in progress and spooled
 * today (China time, from midnight) and in the last hour, the last message's time; and the errors per hour of the
 * last 24 hours per unit (the heatmap). Two grouped queries over the journal; results (ORU^R01) are counted one by
 * one, since their line (检验 / 影像 / 心电) is decided from the message itself as the intake decides it — each
 * result's line is remembered by journal id, so a message is read once.
 */
public final class FeedOverview {

	/** Counts of one window by outcome. */
	public record Counts(Map<Outcome, Long> byOutcome) {

		public long received() {
			return byOutcome.values().stream().mapToLong(Long::longValue).sum();
		}

		public long accepted() {
			return get(Outcome.ACCEPTED);
		}

		public long refused() {
			return get(Outcome.ERROR) + get(Outcome.REJECTED);
		}

		public long inProgress() {
			return get(Outcome.IN_PROGRESS);
		}

		public long spooled() {
			return get(Outcome.SPOOLED);
		}

		long get(Outcome outcome) {
			return byOutcome.getOrDefault(outcome, 0L);
		}
	}

	/** What an operator reads of a line's state. */
	public enum State {
		/** refusals in the last hour */
		FAILING("异常"),
		/** waiting for the database (spooled) or still in progress */
		WAITING("等待"),
		OK("正常");

		private final String label;

		State(String label) {
			this.label = label;
		}

		public String label() {
			return label;
		}
	}

	/** One unit's feed line. */
	public record Line(String unit, FeedLine line, Counts today, Counts lastHour, Instant lastReceived) {

		public State state() {
			if (lastHour.refused() > 0) {
				return State.FAILING;
			}
			return today.spooled() + lastHour.inProgress() > 0 ? State.WAITING : State.OK;
		}
	}

	/**
	 * Refused messages per unit and hour of the last 24 hours.
	 *
	 * @param hours the start of each hour, oldest first
	 * @param errors per unit, the refusals in each of those hours
	 */
	public record Heatmap(List<Instant> hours, Map<String, long[]> errors) {

		/** The largest count of a cell (scales the colours). */
		public long max() {
			return errors.values().stream().flatMapToLong(java.util.Arrays::stream).max().orElse(0);
		}
	}

	/** The dashboard's figures at one moment. */
	public record Snapshot(Instant at, List<Line> lines, Heatmap heatmap) {}

	private static final int REMEMBERED_LINES = 100_000;
	private static final int BATCH = 200;

	private final JdbcTemplate jdbc;
	private final Clock clock;
	private final ZoneId zone;
	private final FeedUnits units;
	private final Map<Long, FeedLine> resultLines = new ConcurrentHashMap<>();

	public FeedOverview(DataSource dataSource, Clock clock, ZoneId zone, FeedUnits units) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.clock = clock;
		this.zone = zone;
		this.units = units;
	}

	public Snapshot now() {
		Instant now = clock.instant();
		Instant midnight = LocalDate.ofInstant(now, zone).atStartOfDay(zone).toInstant();
		Instant hourAgo = now.minus(Duration.ofHours(1));
		Map<String, Map<FeedLine, Tally>> tallies = new java.util.TreeMap<>();
		jdbc.query("SELECT unit, message_type, status, ack_code, COUNT(*) AS day_count, "
						+ "SUM(CASE WHEN received_at >= ? THEN 1 ELSE 0 END) AS hour_count, MAX(received_at) AS last_received "
						+ "FROM hub_feed_message WHERE received_at >= ? AND message_type NOT LIKE 'ORU^%' "
						+ "GROUP BY unit, message_type, status, ack_code",
				rs -> {
					tally(tallies, rs.getString("unit"), FeedLine.byType(rs.getString("message_type")))
							.add(Outcome.of(rs.getString("status"), rs.getString("ack_code")), rs.getLong("day_count"),
									rs.getLong("hour_count"), instant(rs.getTimestamp("last_received")));
				}, Timestamp.from(hourAgo), Timestamp.from(midnight));
		record Result(long id, String unit, Outcome outcome, Instant received) {}
		List<Result> results = jdbc.query("SELECT id, unit, status, ack_code, received_at FROM hub_feed_message "
						+ "WHERE received_at >= ? AND message_type LIKE 'ORU^%'",
				(rs, n) -> new Result(rs.getLong("id"), rs.getString("unit"),
						Outcome.of(rs.getString("status"), rs.getString("ack_code")),
						instant(rs.getTimestamp("received_at"))), Timestamp.from(midnight));
		learnLines(results.stream().filter(r -> !resultLines.containsKey(r.id()))
				.collect(java.util.stream.Collectors.toMap(Result::id, Result::unit, (a, b) -> a)));
		for (Result r : results) {
			tally(tallies, r.unit(), resultLines.getOrDefault(r.id(), FeedLine.LAB))
					.add(r.outcome(), 1, r.received().isBefore(hourAgo) ? 0 : 1, r.received());
		}
		List<Line> lines = new ArrayList<>();
		tallies.forEach((unit, byLine) -> byLine.forEach((line, tally) -> lines.add(tally.line(unit, line))));
		lines.sort(Comparator.comparing(Line::unit).thenComparing(Line::line));
		return new Snapshot(now, lines, heatmap(now));
	}

	private Heatmap heatmap(Instant now) {
		Instant firstHour = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(23));
		List<Instant> hours = new ArrayList<>();
		for (int h = 0; h < 24; h++) {
			hours.add(firstHour.plus(Duration.ofHours(h)));
		}
		Map<String, long[]> errors = new java.util.TreeMap<>();
		jdbc.query("SELECT unit, received_at FROM hub_feed_message WHERE status = 'FAILED' AND received_at >= ?",
				rs -> {
					long hour = Duration.between(firstHour, instant(rs.getTimestamp("received_at"))).toHours();
					if (hour >= 0 && hour < 24) {
						errors.computeIfAbsent(rs.getString("unit"), u -> new long[24])[(int) hour]++;
					}
				}, Timestamp.from(firstHour));
		return new Heatmap(hours, errors);
	}

	/**
	 * Reads the results not seen yet (id → unit), a batch at a time, and remembers their lines as the intake chose
	 * their routes: the unit's applications (MSH-3), OBR-24, a ZDS segment.
	 */
	private void learnLines(Map<Long, String> unseen) {
		if (resultLines.size() + unseen.size() > REMEMBERED_LINES) {
			resultLines.clear();
		}
		List<Long> ids = new ArrayList<>(unseen.keySet());
		for (int from = 0; from < ids.size(); from += BATCH) {
			List<Long> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
			String marks = String.join(", ", java.util.Collections.nCopies(batch.size(), "?"));
			jdbc.query("SELECT id, raw FROM hub_feed_message WHERE id IN (" + marks + ")", rs -> {
				long id = rs.getLong("id");
				resultLines.put(id, lineOf(rs.getBytes("raw"), unseen.get(id)).orElse(FeedLine.LAB));
			}, batch.toArray());
		}
	}

	private Optional<FeedLine> lineOf(byte[] raw, String unit) {
		Optional<FeedUnit> feedUnit = units.byCode(unit);
		if (feedUnit.isEmpty()) {
			return Optional.of(FeedLine.OTHER);
		}
		try {
			return Optional.of(FeedLine.of(FeedKind.of(Hl7Message.parse(RawMessageText.decoded(raw)), feedUnit.get())));
		} catch (RuntimeException unreadable) {
			// the intake refused it (AR) for the same reason
			return Optional.of(FeedLine.OTHER);
		}
	}

	private static Tally tally(Map<String, Map<FeedLine, Tally>> tallies, String unit, FeedLine line) {
		return tallies.computeIfAbsent(unit, u -> new EnumMap<>(FeedLine.class)).computeIfAbsent(line, l -> new Tally());
	}

	private static final class Tally {
		final Map<Outcome, Long> day = new LinkedHashMap<>();
		final Map<Outcome, Long> hour = new LinkedHashMap<>();
		Instant last;

		void add(Outcome outcome, long dayCount, long hourCount, Instant received) {
			day.merge(outcome, dayCount, Long::sum);
			hour.merge(outcome, hourCount, Long::sum);
			if (received != null && (last == null || received.isAfter(last))) {
				last = received;
			}
		}

		Line line(String unit, FeedLine line) {
			return new Line(unit, line, new Counts(Map.copyOf(day)), new Counts(Map.copyOf(hour)), last);
		}
	}

	private static Instant instant(Timestamp ts) {
		return ts == null ? null : ts.toInstant();
	}
}
