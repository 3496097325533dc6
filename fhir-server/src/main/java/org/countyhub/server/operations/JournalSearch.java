package org.countyhub.server.operations;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.countyhub.feeds.intake.ReceivedMessages;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * The operators' search over the feeds' journal ({@code hub_feed_message}): by unit, message type, status, time
 * range, control id and text, newest first, a page at a time. The text is looked for in the control id, the error
 * and the message itself (decoded in its charset); as the stored bytes cannot be searched in SQL on both databases,
 * a text search reads at most {@value #TEXT_SCAN} of the newest entries the other filters leave.
 */
@Component
public class JournalSearch {

	/** Entries a text search decodes at most. */
	static final int TEXT_SCAN = 2000;

	/** What the operator asked for; null or blank: any. */
	public record Filter(String unit, String type, ReceivedMessages.Status status, Instant from, Instant to,
			String controlId, String text) {}

	/** One page of entries, newest first, and whether there is a next one. */
	public record Page(List<ReceivedMessages.Entry> entries, int number, boolean hasNext) {}

	private static final String COLUMNS =
			"id, unit, control_id, message_type, status, ack_code, error, attempts, received_at, processed_at";

	private final JdbcTemplate jdbc;

	JournalSearch(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
	}

	public Page find(Filter filter, int page, int size) {
		List<Object> args = new ArrayList<>();
		String where = where(filter, args);
		String text = blank(filter.text()) ? null : filter.text().trim();
		if (text == null) {
			List<ReceivedMessages.Entry> rows = jdbc.query("SELECT " + COLUMNS + " FROM hub_feed_message" + where
					+ " ORDER BY received_at DESC, id DESC OFFSET " + (page * size) + " ROWS FETCH FIRST " + (size + 1)
					+ " ROWS ONLY", ENTRY, args.toArray());
			return new Page(rows.subList(0, Math.min(size, rows.size())), page, rows.size() > size);
		}
		String needle = text.toLowerCase(Locale.ROOT);
		List<ReceivedMessages.Entry> matches = new ArrayList<>();
		jdbc.query("SELECT " + COLUMNS + ", raw FROM hub_feed_message" + where
				+ " ORDER BY received_at DESC, id DESC FETCH FIRST " + TEXT_SCAN + " ROWS ONLY", (ResultSet rs) -> {
					ReceivedMessages.Entry entry = ENTRY.mapRow(rs, 0);
					if (contains(entry.controlId(), needle) || contains(entry.error(), needle)
							|| contains(RawMessageText.decoded(rs.getBytes("raw")), needle)) {
						matches.add(entry);
					}
				}, args.toArray());
		int from = Math.min(page * size, matches.size());
		int to = Math.min(from + size, matches.size());
		return new Page(matches.subList(from, to), page, matches.size() > to);
	}

	/** The entry of a unit's message (MSH-4 + MSH-10), as the findings name it. */
	public Optional<Long> idOf(String unit, String controlId) {
		return jdbc.queryForList("SELECT id FROM hub_feed_message WHERE unit = ? AND control_id = ?", Long.class,
				unit, controlId).stream().findFirst();
	}

	/** The entries of these ids (unknown ids left out), in the order given. */
	public List<ReceivedMessages.Entry> entries(List<Long> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
		List<ReceivedMessages.Entry> found = jdbc.query("SELECT " + COLUMNS + " FROM hub_feed_message WHERE id IN ("
				+ marks + ")", ENTRY, ids.toArray());
		return ids.stream().flatMap(id -> found.stream().filter(e -> e.id() == id)).toList();
	}

	/** The message types the journal holds, for the filter's choices. */
	public List<String> types() {
		return jdbc.queryForList("SELECT DISTINCT message_type FROM hub_feed_message ORDER BY message_type",
				String.class);
	}

	private static String where(Filter filter, List<Object> args) {
		List<String> conditions = new ArrayList<>();
		if (!blank(filter.unit())) {
			conditions.add("unit = ?");
			args.add(filter.unit().trim());
		}
		if (!blank(filter.type())) {
			conditions.add("message_type = ?");
			args.add(filter.type().trim());
		}
		if (filter.status() != null) {
			conditions.add("status = ?");
			args.add(filter.status().name());
		}
		if (filter.from() != null) {
			conditions.add("received_at >= ?");
			args.add(Timestamp.from(filter.from()));
		}
		if (filter.to() != null) {
			conditions.add("received_at < ?");
			args.add(Timestamp.from(filter.to()));
		}
		if (!blank(filter.controlId())) {
			conditions.add("control_id = ?");
			args.add(filter.controlId().trim());
		}
		return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
	}

	private static boolean contains(String value, String lowerNeedle) {
		return value != null && value.toLowerCase(Locale.ROOT).contains(lowerNeedle);
	}

	private static boolean blank(String value) {
		return value == null || value.isBlank();
	}

	static final RowMapper<ReceivedMessages.Entry> ENTRY = (ResultSet rs, int n) -> new ReceivedMessages.Entry(
			rs.getLong("id"),
			rs.getString("unit"),
			rs.getString("control_id"),
			rs.getString("message_type"),
			ReceivedMessages.Status.valueOf(rs.getString("status")),
			rs.getString("ack_code"),
			rs.getString("error"),
			rs.getInt("attempts"),
			instant(rs.getTimestamp("received_at")),
			instant(rs.getTimestamp("processed_at")));

	private static Instant instant(Timestamp ts) throws SQLException {
		return ts == null ? null : ts.toInstant();
	}
}
