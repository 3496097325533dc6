package org.countyhub.server.operations;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.countyhub.feeds.intake.FeedReplay;
import org.countyhub.feeds.intake.ReceivedMessages;
import org.countyhub.server.audit.FeedAccessAudit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * Replays an operator asked for, run one message after the other on a thread of their own so the page can show
 * the progress (polled by htmx) instead of waiting on a long request. Each replay is audited with the name of the
 * operator who started the job.
 *
 * <p>Jobs live in the hub's database ({@link ReplayJobStore}): any instance on it answers the progress page, and a
 * job outlives the instance that started it. The instance running a job holds a lease on it (the feeds' lease,
 * {@code hub.mllp.stuck-after}), renewed while it works; {@link #check()}, run every third of the lease on every
 * instance, takes over a job whose lease ran out (its instance stopped or crashed) and finishes it from its first
 * unanswered step. A step already answered is never replayed again; the one in work when its instance stopped may
 * be replayed a second time, which the journal makes harmless. Finished jobs are removed once older than
 * {@code hub.console.replay-jobs-kept-for} (30 days by default).
 */
public class ReplayJobs implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(ReplayJobs.class);
	/** Jobs one check takes over at most; the next check takes more. */
	private static final int TAKEOVER_BATCH = 10;

	/** One message's replay: its place in the job, the entry, and its ACK code once replayed (null while waiting; "-" when gone). */
	public record Step(int position, ReceivedMessages.Entry entry, String ackCode) {}

	/** A job: who started it, its steps in order; done when every step has its answer. */
	public record Job(String id, String actor, List<Step> steps) {

		public long replayed() {
			return steps.stream().filter(s -> s.ackCode() != null).count();
		}

		public long accepted() {
			return steps.stream().filter(s -> "AA".equals(s.ackCode())).count();
		}

		public boolean done() {
			return replayed() == steps.size();
		}

		public int percent() {
			return steps.isEmpty() ? 100 : (int) (replayed() * 100 / steps.size());
		}
	}

	private final ReplayJobStore store;
	private final FeedReplay replay;
	private final FeedAccessAudit audit;
	private final Duration lease;
	private final Duration keptFor;
	/** This instance as the holder of leases: a new one at each start, so a restarted hub takes its jobs over. */
	private final String worker = UUID.randomUUID().toString();
	/** Jobs started or taken over here and not finished: their leases are renewed while they wait or run. */
	private final Set<String> held = ConcurrentHashMap.newKeySet();
	private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
		Thread t = new Thread(r, "feed-replay-jobs");
		t.setDaemon(true);
		return t;
	});
	private volatile boolean stopping;

	/**
	 * @param lease   how long a job stays held by the instance running it without a renewal
	 * @param keptFor how long a finished job stays visible
	 */
	ReplayJobs(ReplayJobStore store, FeedReplay replay, FeedAccessAudit audit, Duration lease, Duration keptFor) {
		this.store = store;
		this.replay = replay;
		this.audit = audit;
		this.lease = lease;
		this.keptFor = keptFor;
	}

	/** Starts replaying these entries for {@code actor}; the job's id. The job and its steps are stored first. */
	public String start(String actor, List<ReceivedMessages.Entry> entries) {
		String id = UUID.randomUUID().toString();
		store.create(id, actor, entries.stream().map(ReceivedMessages.Entry::id).toList(), worker, leaseEnd());
		submit(id);
		return id;
	}

	/** The job, if it is this operator's (another one's id answers nothing). */
	public Optional<Job> find(String id, String actor) {
		return store.job(id).filter(job -> job.actor().equals(actor));
	}

	/**
	 * The periodic check: renews the leases of the jobs held here, takes over jobs whose lease ran out, and removes
	 * finished jobs past their retention.
	 */
	public void check() {
		List<String> renewing = List.copyOf(held);
		List<String> renewed = store.renew(renewing, worker, leaseEnd());
		// only the ones lost: a job started meanwhile stays held
		renewing.stream().filter(id -> !renewed.contains(id)).forEach(held::remove);
		if (stopping) {
			return;
		}
		for (String id : store.claimAbandoned(worker, leaseEnd(), TAKEOVER_BATCH)) {
			log.info("replay job {} taken over: its lease ran out", id);
			submit(id);
		}
		int removed = store.removeOlderThan(keptFor);
		if (removed > 0) {
			log.info("{} replay jobs older than {} removed", removed, keptFor);
		}
	}

	private void submit(String id) {
		held.add(id);
		try {
			thread.execute(() -> run(id));
		} catch (RejectedExecutionException shuttingDown) {
			held.remove(id); // its lease runs out, another instance finishes it
		}
	}

	private void run(String id) {
		try {
			Optional<Job> job = store.job(id);
			if (job.isEmpty()) {
				return;
			}
			String actor = job.get().actor();
			for (Step step : job.get().steps()) {
				if (step.ackCode() != null) {
					continue; // answered before a takeover: never replayed again
				}
				if (stopping || store.renew(List.of(id), worker, leaseEnd()).isEmpty()) {
					return; // stopping, or another instance took the job over: it continues from here
				}
				String answer = replayed(step.entry());
				if (stopping) {
					return; // the answer may come from the interruption: the step stays for whoever takes over
				}
				audit.replayed(actor, step.entry(), "console", answer);
				store.answer(id, step.position(), answer);
			}
			store.finish(id, worker);
			Job done = store.job(id).orElse(job.get());
			log.info("replay job {} of operator {} finished: {} journal entries, {} accepted", id, actor,
					done.steps().size(), done.accepted());
		} catch (RuntimeException e) {
			// the database failed mid-way: the lease runs out and a later check takes the job over
			log.warn("replay job {} stopped: {}", id, e.getClass().getSimpleName());
		} finally {
			held.remove(id);
		}
	}

	private String replayed(ReceivedMessages.Entry entry) {
		try {
			String ack = replay.replay(entry.id()).map(FeedReplay.Outcome::ackCode).orElse("-");
			return ack == null ? "AE" : ack;
		} catch (RuntimeException e) {
			log.warn("replay of journal entry {} failed: {}", entry.id(), e.getClass().getSimpleName());
			return "AE";
		}
	}

	private Instant leaseEnd() {
		return Instant.now().plus(lease);
	}

	@Override
	public void destroy() {
		stopping = true;
		thread.shutdownNow();
	}
}
