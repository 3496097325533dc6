package org.countyhub.server.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * 紧急调阅 grants, one row each in table {@code hub_break_glass} of the hub's database: who (user and unit), for
 * which Patient record, why (typed reason and text), from when until when. Every instance on the database sees
 * the same grants; a grant ends by itself at its end time.
 */
@Component
public class BreakGlassGrants implements InitializingBean {

	/** One grant as stored. */
	public record Grant(String id, String subject, String unit, String patient, String reasonCode, String reasonText,
			Instant start, Instant end) {}

	private final JdbcTemplate jdbc;
	private final Clock clock;

	private final RecentDecisions recent;

	BreakGlassGrants(JdbcTemplate jdbc, Clock clock, RecentDecisions recent) {
		this.recent = recent;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Override
	public void afterPropertiesSet() {
		jdbc.execute("""
				CREATE TABLE IF NOT EXISTS hub_break_glass (
				    id varchar(36) PRIMARY KEY,
				    subject varchar(200) NOT NULL,
				    unit varchar(64) NOT NULL,
				    patient varchar(64) NOT NULL,
				    reason_code varchar(64) NOT NULL,
				    reason_text varchar(2000),
				    started_at bigint NOT NULL,
				    ends_at bigint NOT NULL)""");
		jdbc.execute("CREATE INDEX IF NOT EXISTS hub_break_glass_subject ON hub_break_glass (subject, ends_at)");
	}

	public Grant open(String subject, String unit, String patient, String reasonCode, String reasonText, Duration length) {
		Instant start = clock.instant();
		Grant grant = new Grant(UUID.randomUUID().toString(), subject, unit, patient, reasonCode, reasonText, start,
				start.plus(length));
		jdbc.update("INSERT INTO hub_break_glass (id, subject, unit, patient, reason_code, reason_text, started_at,"
				+ " ends_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", grant.id(), subject, unit, patient, reasonCode,
				reasonText, start.toEpochMilli(), grant.end().toEpochMilli());
		recent.changed();
		return grant;
	}

	/** True when this user has a grant, running now, for one of these Patient records (ids like Patient/12). */
	boolean active(String subject, Collection<String> patients) {
		if (patients.isEmpty()) {
			return false;
		}
		String marks = String.join(",", patients.stream().map(p -> "?").toList());
		Object[] args = new Object[patients.size() + 2];
		args[0] = subject;
		args[1] = clock.instant().toEpochMilli();
		int i = 2;
		for (String patient : patients) {
			args[i++] = patient;
		}
		Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM hub_break_glass WHERE subject = ? AND ends_at > ?"
				+ " AND patient IN (" + marks + ")", Integer.class, args);
		return count != null && count > 0;
	}

	/** The grants of these units started since this instant, newest first. */
	List<Grant> since(Collection<String> units, Instant since) {
		if (units.isEmpty()) {
			return List.of();
		}
		String marks = String.join(",", units.stream().map(u -> "?").toList());
		Object[] args = new Object[units.size() + 1];
		int i = 0;
		for (String unit : units) {
			args[i++] = unit;
		}
		args[i] = since.toEpochMilli();
		return jdbc.query("SELECT id, subject, unit, patient, reason_code, reason_text, started_at, ends_at"
				+ " FROM hub_break_glass WHERE unit IN (" + marks + ") AND started_at >= ? ORDER BY started_at DESC",
				(rs, row) -> new Grant(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
						rs.getString(5), rs.getString(6), Instant.ofEpochMilli(rs.getLong(7)),
						Instant.ofEpochMilli(rs.getLong(8))), args);
	}
}
