package org.countyhub.server.identity;

import ca.uhn.fhir.mdm.api.IMdmSubmitSvc;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.r4.model.IdType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * Matching that does not give up on a Patient MDM dropped (issue 20, finding 6): HAPI's MDM channel is in memory
 * and retries a failed Patient only a few times at once, so a Patient written while the database was briefly away
 * or while the hub stopped stayed without a person for good. Unit Patients still unlinked {@code retryAfter} after
 * their last write are handed to MDM again ({@code $mdm-submit} of the one Patient), each at most
 * {@code maxRetries} times and {@code retryAfter} apart; then they are left to the operator
 * ({@code /admin/identity/unlinked}). The count of retries is kept per hub process, in memory.
 * <p>
 * A backlog (a county's first load registers Patients faster than MDM links them) is worked off at MDM's pace: a
 * run that handed a full batch is followed by the next as soon as MDM has linked the last Patient of that batch
 * (MDM takes its channel in order), not a whole period later — 100 per period would take hours for 10,000.
 */
final class MatchingRetry {

	private static final Logger log = LoggerFactory.getLogger(MatchingRetry.class);
	/** Patients handed back in one run: the oldest first; a run after it takes the next. */
	static final int BATCH = 100;

	/** The unlinked Patients this retry reads (the hub's view of HAPI's tables; a narrower one in tests). */
	interface Waiting {
		List<UnlinkedPatients.Row> olderThan(Duration olderThan, int limit);

		boolean isUnlinked(String patient);
	}

	private record Tried(int times, Instant last) {}

	private final Waiting unlinked;
	private final IMdmSubmitSvc mdm;
	private final int maxRetries;
	private final Clock clock;
	private final int batch;
	private final Map<String, Tried> tried = new ConcurrentHashMap<>();
	private Instant lastRun = Instant.MIN;
	/** The last Patient of the latest run when that run handed a full batch (more are waiting); else null. */
	private String endOfFullBatch;

	MatchingRetry(Waiting unlinked, IMdmSubmitSvc mdm, int maxRetries, Clock clock) {
		this(unlinked, mdm, maxRetries, clock, BATCH);
	}

	MatchingRetry(Waiting unlinked, IMdmSubmitSvc mdm, int maxRetries, Clock clock, int batch) {
		this.unlinked = unlinked;
		this.mdm = mdm;
		this.maxRetries = maxRetries;
		this.clock = clock;
		this.batch = batch;
	}

	/**
	 * The timer's tick: a run once per {@code period}, and at once when the previous run handed a full batch and
	 * MDM has linked its last Patient. A batch whose last Patient MDM could not link waits for the period.
	 */
	synchronized int tick(Duration after, Duration period) {
		Instant now = clock.instant();
		boolean due = !now.isBefore(lastRun.plus(period)) || now.isBefore(lastRun);
		if (!due && !batchDone()) {
			return 0;
		}
		lastRun = now;
		return resubmitOverdue(after);
	}

	/** Whether MDM has linked the last Patient of the previous full batch; a database away counts as not yet. */
	private boolean batchDone() {
		try {
			return endOfFullBatch != null && !unlinked.isUnlinked(endOfFullBatch);
		} catch (DataAccessException e) {
			// the ticks come every second; the period's run reports the outage
			return false;
		}
	}

	/** Hands the Patients unlinked {@code after} their last write (and their last retry) to MDM; how many. */
	synchronized int resubmitOverdue(Duration after) {
		// the ones given up on stay in the list: read past them so that newer Patients still get their turn
		List<UnlinkedPatients.Row> overdue = unlinked.olderThan(after, batch + tried.size());
		tried.keySet().retainAll(overdue.stream().map(UnlinkedPatients.Row::patient).toList());
		return resubmit(overdue, after);
	}

	/** Hands these overdue Patients to MDM, but none tried less than {@code after} ago or tried enough. */
	synchronized int resubmit(List<UnlinkedPatients.Row> overdue, Duration after) {
		Instant now = clock.instant();
		int handed = 0;
		String last = null;
		for (UnlinkedPatients.Row row : overdue) {
			Tried before = tried.get(row.patient());
			if (handed == batch || before != null
					&& (before.times() >= maxRetries || before.last().plus(after).isAfter(now))) {
				continue;
			}
			int times = before == null ? 1 : before.times() + 1;
			tried.put(row.patient(), new Tried(times, now));
			try {
				mdm.submitSourceResourceToMdm(new IdType(row.patient()), new SystemRequestDetails());
				handed++;
				last = row.patient();
			} catch (RuntimeException e) {
				log.warn("Matching retry: {} could not be handed to MDM ({})", row.patient(), e.getClass().getSimpleName());
			}
			if (times == maxRetries) {
				log.warn("Matching retry: {} handed to MDM {} times and still unlinked is left to the operator"
						+ " (/admin/identity/unlinked) after this try", row.patient(), times);
			}
		}
		endOfFullBatch = handed == batch ? last : null;
		if (handed > 0) {
			log.info("Matching retry: {} unlinked Patient(s) handed to MDM again", handed);
		}
		return handed;
	}
}
