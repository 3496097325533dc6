package org.countyhub.server.operations;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.countyhub.feeds.intake.ReceivedMessages;
import org.countyhub.server.operations.ReplayJobs.Job;
import org.countyhub.server.operations.ReplayJobs.Step;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The operators' replay jobs in the hub's database ({@code hub_replay_job}, {@code hub_replay_step}), so that every
 * instance on the database shows a job's progress and a job outlives the instance that ran it. A job is held by one
 * worker at a time through a lease ({@code worker}, {@code lease_until}); a finished job has no lease. Its steps
 * name journal entries, which the journal never removes; a step's answer is NULL until it is replayed.
 */
final class ReplayJobStore {

	private final JdbcTemplate jdbc;
	private final TransactionTemplate together;

	ReplayJobStore(DataSource dataSource, PlatformTransactionManager transactions) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.together = new TransactionTemplate(transactions);
	}

	/** Creates the tables if they are not there (same DDL on H2 and PostgreSQL). */
	void createTables() {
		jdbc.execute("CREATE TABLE IF NOT EXISTS hub_replay_job ("
				+ "id VARCHAR(36) PRIMARY KEY, "
				+ "actor VARCHAR(200) NOT NULL, "
				+ "created_at TIMESTAMP WITH TIME ZONE NOT NULL, "
				+ "worker VARCHAR(36), "
				+ "lease_until TIMESTAMP WITH TIME ZONE)");
		jdbc.execute("CREATE TABLE IF NOT EXISTS hub_replay_step ("
				+ "job_id VARCHAR(36) NOT NULL, "
				+ "step_no INT NOT NULL, "
				+ "entry_id BIGINT NOT NULL, "
				+ "ack_code VARCHAR(2), "
				+ "replayed_at TIMESTAMP WITH TIME ZONE, "
				+ "CONSTRAINT hub_replay_step_key PRIMARY KEY (job_id, step_no), "
				+ "CONSTRAINT hub_replay_step_job FOREIGN KEY (job_id) REFERENCES hub_replay_job (id) "
				+ "ON DELETE CASCADE)");
		// the takeover check looks for expired leases, the clean-up for old jobs, on every instance
		jdbc.execute("CREATE INDEX IF NOT EXISTS hub_replay_job_lease ON hub_replay_job (lease_until)");
		jdbc.execute("CREATE INDEX IF NOT EXISTS hub_replay_job_created ON hub_replay_job (created_at)");
	}

	/** Writes the job and all its steps (unanswered) in one transaction, held by {@code worker} until {@code until}. */
	void create(String id, String actor, List<Long> entryIds, String worker, Instant until) {
		List<Object[]> steps = new ArrayList<>();
		for (int i = 0; i < entryIds.size(); i++) {
			steps.add(new Object[] {id, i, entryIds.get(i)});
		}
		together.executeWithoutResult(tx -> {
			jdbc.update("INSERT INTO hub_replay_job (id, actor, created_at, worker, lease_until) VALUES (?, ?, ?, ?, ?)",
					id, actor, Timestamp.from(Instant.now()), worker, Timestamp.from(until));
			jdbc.batchUpdate("INSERT INTO hub_replay_step (job_id, step_no, entry_id) VALUES (?, ?, ?)", steps);
		});
	}

	/** The job with its steps in order, each with the journal entry it replays; empty when there is no such job. */
	Optional<Job> job(String id) {
		List<String> actor = jdbc.queryForList("SELECT actor FROM hub_replay_job WHERE id = ?", String.class, id);
		if (actor.isEmpty()) {
			return Optional.empty();
		}
		List<Step> steps = jdbc.query("SELECT s.step_no, s.ack_code AS replay_ack, m.id, m.unit, m.control_id, "
						+ "m.message_type, m.status, m.ack_code, m.error, m.attempts, m.received_at, m.processed_at "
						+ "FROM hub_replay_step s JOIN hub_feed_message m ON m.id = s.entry_id WHERE s.job_id = ? "
						+ "ORDER BY s.step_no",
				(rs, n) -> new Step(rs.getInt("step_no"), JournalSearch.ENTRY.mapRow(rs, n), rs.getString("replay_ack")),
				id);
		return Optional.of(new Job(id, actor.get(0), steps));
	}

	/** Records a step's answer; a step answered already keeps its first answer. */
	void answer(String jobId, int step, String ackCode) {
		jdbc.update("UPDATE hub_replay_step SET ack_code = ?, replayed_at = ? WHERE job_id = ? AND step_no = ? "
				+ "AND ack_code IS NULL", ackCode, Timestamp.from(Instant.now()), jobId, step);
	}

	/** Extends the worker's lease on these jobs; the ones it still holds (a job taken over by another is not). */
	List<String> renew(Collection<String> jobIds, String worker, Instant until) {
		List<String> held = new ArrayList<>();
		for (String id : jobIds) {
			if (jdbc.update("UPDATE hub_replay_job SET lease_until = ? WHERE id = ? AND worker = ? "
					+ "AND lease_until IS NOT NULL", Timestamp.from(until), id, worker) == 1) {
				held.add(id);
			}
		}
		return held;
	}

	/**
	 * Takes over jobs whose lease ran out (their worker or its hub stopped): each is claimed by one statement, so of
	 * several hubs checking at once exactly one gets it. The ids claimed, oldest job first.
	 */
	List<String> claimAbandoned(String worker, Instant until, int limit) {
		Timestamp now = Timestamp.from(Instant.now());
		List<String> claimed = new ArrayList<>();
		for (String id : jdbc.queryForList("SELECT id FROM hub_replay_job WHERE lease_until < ? "
				+ "ORDER BY created_at FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY", String.class, now)) {
			if (jdbc.update("UPDATE hub_replay_job SET worker = ?, lease_until = ? WHERE id = ? AND lease_until < ?",
					worker, Timestamp.from(until), id, now) == 1) {
				claimed.add(id);
			}
		}
		return claimed;
	}

	/** Every step is answered: the lease is released (nobody will take the job over). */
	void finish(String jobId, String worker) {
		jdbc.update("UPDATE hub_replay_job SET lease_until = NULL WHERE id = ? AND worker = ?", jobId, worker);
	}

	/** Removes finished jobs (and their steps) created longer ago than {@code keptFor}; how many went. */
	int removeOlderThan(Duration keptFor) {
		return jdbc.update("DELETE FROM hub_replay_job WHERE created_at < ? AND lease_until IS NULL",
				Timestamp.from(Instant.now().minus(keptFor)));
	}
}
