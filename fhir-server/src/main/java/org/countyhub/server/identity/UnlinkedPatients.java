package org.countyhub.server.identity;

import ca.uhn.fhir.mdm.api.MdmConstants;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Unit Patients that MDM has not linked to a person (no MDM link names them as source): written recently and
 * waiting, or left behind by a failure. Golden records and Patients a unit opted out of matching ({@code NO-MDM})
 * carry tags of HAPI's MDM systems and are not counted. Read from HAPI's tables (HFJ_RESOURCE, MPI_LINK,
 * HFJ_RES_TAG, HFJ_TAG_DEF; the Patient's managing organisation through HFJ_RES_LINK) on H2 and PostgreSQL alike.
 */
final class UnlinkedPatients implements MatchingRetry.Waiting {

	/** One waiting Patient: its id, when it was last written, the unit that registered it (if it names one). */
	record Row(String patient, Instant lastUpdated, String unit) {}

	/** How many wait, and since when the longest has waited (null when none). */
	record Backlog(long count, Instant oldest) {}

	private static final String UNLINKED = " FROM hfj_resource r"
			+ " WHERE r.res_type = 'Patient' AND r.res_deleted_at IS NULL"
			+ " AND NOT EXISTS (SELECT 1 FROM mpi_link l WHERE l.target_pid = r.res_id)"
			+ " AND NOT EXISTS (SELECT 1 FROM hfj_res_tag t JOIN hfj_tag_def d ON d.tag_id = t.tag_id"
			+ " WHERE t.res_id = r.res_id AND d.tag_system IN (?, ?))";

	private final JdbcTemplate jdbc;
	private final Clock clock;

	UnlinkedPatients(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** Unlinked Patients last written more than {@code olderThan} ago, longest waiting first. */
	@Override
	public List<Row> olderThan(Duration olderThan, int limit) {
		return jdbc.query("SELECT r.fhir_id, r.res_updated,"
						+ " (SELECT MIN(o.fhir_id) FROM hfj_res_link m JOIN hfj_resource o ON o.res_id = m.target_resource_id"
						+ " WHERE m.src_resource_id = r.res_id AND m.src_path = 'Patient.managingOrganization') AS unit"
						+ UNLINKED + " AND r.res_updated < ? ORDER BY r.res_updated, r.res_id"
						+ " OFFSET 0 ROWS FETCH FIRST " + limit + " ROWS ONLY",
				(rs, i) -> new Row("Patient/" + rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3)),
				MdmConstants.SYSTEM_MDM_MANAGED, MdmConstants.SYSTEM_GOLDEN_RECORD_STATUS, cutoff(olderThan));
	}

	/** Whether this Patient ({@code Patient/id}) is still without a person. */
	@Override
	public boolean isUnlinked(String patient) {
		String id = patient.substring(patient.indexOf('/') + 1);
		return jdbc.queryForObject("SELECT COUNT(*)" + UNLINKED + " AND r.fhir_id = ?", Long.class,
				MdmConstants.SYSTEM_MDM_MANAGED, MdmConstants.SYSTEM_GOLDEN_RECORD_STATUS, id) > 0;
	}

	/** Count and oldest of the unlinked Patients last written more than {@code olderThan} ago. */
	Backlog backlog(Duration olderThan) {
		return jdbc.queryForObject("SELECT COUNT(*), MIN(r.res_updated)" + UNLINKED + " AND r.res_updated < ?",
				(rs, i) -> new Backlog(rs.getLong(1),
						rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant()),
				MdmConstants.SYSTEM_MDM_MANAGED, MdmConstants.SYSTEM_GOLDEN_RECORD_STATUS, cutoff(olderThan));
	}

	Instant now() {
		return clock.instant();
	}

	private Timestamp cutoff(Duration olderThan) {
		return Timestamp.from(clock.instant().minus(olderThan));
	}

	/** A backlog read at most once per {@code ttl}: every gauge of one scrape shares one query. */
	static Supplier<Backlog> cached(Supplier<Backlog> read, Clock clock, Duration ttl) {
		return new Supplier<>() {
			private Backlog last;
			private Instant readAt = Instant.MIN;

			@Override
			public synchronized Backlog get() {
				Instant now = clock.instant();
				if (last == null || now.isAfter(readAt.plus(ttl)) || now.isBefore(readAt)) {
					last = read.get();
					readAt = now;
				}
				return last;
			}
		};
	}
}
