package org.countyhub.server.validation;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.countyhub.profiles.HubMsg;
import org.hl7.fhir.r4.model.IdType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges the feeds' output against the guide after the ACK, every version of it ({@code feed-output: after-ack}):
 * one background thread takes the backlog ({@link OutputCheckTable}) oldest first and judges each stored version
 * ({@link StoredOutputCheck}: what does not conform is tagged {@code failed-profile} and logged HUB-1103, and
 * stays in the backlog with where it fails).
 *
 * <p>While feed messages are arriving the checker keeps to its share of one core ({@link CoreShare}), so the
 * senders keep the machine; when the feeds have been quiet for a second it works at full pace on one thread. The
 * backlog is in the database, so a burst is judged in full afterwards and nothing waits in memory; a restart
 * resumes it.
 */
final class FeedOutputBacklog {

	private static final Logger log = LoggerFactory.getLogger(FeedOutputBacklog.class);
	private static final int BATCH = 50;
	/** How long the checker sleeps with an empty backlog before looking again (a wake-up comes sooner). */
	private static final long IDLE_MILLIS = 2_000;
	/** After a failure of the database, how long before it tries again. */
	private static final long BACK_OFF_MILLIS = 5_000;
	/** The feeds count as busy while a feed transaction committed within this time. */
	static final long BUSY_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final OutputCheckTable table;
	private final Function<IdType, StoredOutputCheck.Verdict> judge;
	private final CoreShare share;
	private final BlockingQueue<Boolean> wakeUps = new ArrayBlockingQueue<>(1);
	private final Thread thread;
	private volatile long lastFeedWrite = System.nanoTime() - BUSY_NANOS;
	private final AtomicLong conforming = new AtomicLong();
	private final AtomicLong nonConforming = new AtomicLong();
	private final AtomicLong gone = new AtomicLong();
	private final AtomicLong uncheckable = new AtomicLong();

	FeedOutputBacklog(OutputCheckTable table, StoredOutputCheck judge, double share) {
		this(table, judge::judge, share);
	}

	/** @param judge judges one stored version ({@link StoredOutputCheck#judge}; another in tests of failures) */
	FeedOutputBacklog(OutputCheckTable table, Function<IdType, StoredOutputCheck.Verdict> judge, double share) {
		this.table = table;
		this.judge = judge;
		this.share = new CoreShare(share, "hub.validation.feed-check-share");
		this.thread = new Thread(this::run, "feed-output-backlog");
		thread.setDaemon(true);
		thread.setPriority(Thread.MIN_PRIORITY);
	}

	/** Versions a checker had taken when the hub stopped go back in line; then the checker starts. */
	void start() {
		int released = table.release();
		if (released > 0) {
			log.info("{} feed output check(s) taken before the last stop are back in line", released);
		}
		thread.start();
	}

	/** A feed transaction has committed rows to the backlog. */
	void wake() {
		lastFeedWrite = System.nanoTime();
		wakeUps.offer(Boolean.TRUE);
	}

	boolean feedsBusy() {
		return System.nanoTime() - lastFeedWrite < BUSY_NANOS;
	}

	private void run() {
		boolean release = false;
		while (!share.stopped()) {
			try {
				if (release) {
					table.release();
					release = false;
				}
				List<OutputCheckTable.Row> rows = table.pending(BATCH);
				if (rows.isEmpty()) {
					wakeUps.poll(IDLE_MILLIS, TimeUnit.MILLISECONDS);
					continue;
				}
				List<OutputCheckTable.Row> settled = new ArrayList<>();
				try {
					for (OutputCheckTable.Row row : table.claim(rows, UUID.randomUUID().toString())) {
						if (share.stopped()) {
							break;
						}
						if (check(row)) {
							settled.add(row);
						}
					}
				} finally {
					// what was judged conforming leaves in one statement; on a failure here the rows stay taken and
					// go back in line (judged again: harmless)
					if (!settled.isEmpty()) {
						table.settled(settled);
					}
				}
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return;
			} catch (RuntimeException e) {
				// the backlog itself cannot be read or written: the database is away; rows taken go back in line
				log.warn("{}feed output checks wait for the database: {}", HubMsg.code(1106), e.getClass().getSimpleName());
				release = true;
				share.awaitStop(BACK_OFF_MILLIS);
			}
		}
	}

	/** Judges one taken version; true when its row can leave (it conforms or is gone). */
	private boolean check(OutputCheckTable.Row row) {
		long start = System.nanoTime();
		StoredOutputCheck.Verdict verdict;
		try {
			verdict = judge.apply(new IdType(row.versionedId()));
		} catch (RuntimeException e) {
			if (databaseTrouble(e)) {
				throw e; // the row goes back in line when the database is back (run())
			}
			// the validator failed on this version: recorded with the reason, not retried in a loop
			table.uncheckable(row, e.getClass().getSimpleName() + ": " + e.getMessage());
			uncheckable.incrementAndGet();
			log.warn("{}feed output {} could not be checked: {}", HubMsg.code(1106), row.versionedId(),
					e.getClass().getSimpleName());
			return false;
		}
		boolean settles = true;
		switch (verdict.outcome()) {
			case CONFORMS -> conforming.incrementAndGet();
			case GONE -> gone.incrementAndGet();
			case NON_CONFORMING -> {
				table.nonConforming(row, verdict.location(), verdict.messageId(), verdict.text());
				nonConforming.incrementAndGet();
				settles = false;
			}
		}
		if (feedsBusy()) {
			share.pauseAfter(System.nanoTime() - start, this::feedsBusy);
		}
		return settles;
	}

	private static boolean databaseTrouble(Throwable e) {
		for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof java.sql.SQLException || t instanceof org.springframework.dao.DataAccessException
					|| t instanceof org.springframework.transaction.TransactionException
					|| t instanceof org.hibernate.JDBCException) {
				return true;
			}
		}
		return false;
	}

	/** Versions judged since start, by outcome. */
	record Counts(long conforming, long nonConforming, long gone, long uncheckable) {}

	Counts counts() {
		return new Counts(conforming.get(), nonConforming.get(), gone.get(), uncheckable.get());
	}

	/**
	 * {@code /actuator/metrics/hub.feed.output.checks} by outcome (conforming, non-conforming, gone, uncheckable)
	 * and {@code hub.feed.output.backlog}, the versions waiting.
	 */
	void bindTo(MeterRegistry registry) {
		Map<String, AtomicLong> outcomes = Map.of(
				"conforming", conforming,
				"non-conforming", nonConforming,
				"gone", gone,
				"uncheckable", uncheckable);
		outcomes.forEach((outcome, count) -> FunctionCounter.builder("hub.feed.output.checks", count, AtomicLong::get)
				.description("feed output judged against the guide after the ACK (feed-output: after-ack)")
				.tag("outcome", outcome)
				.register(registry));
		Gauge.builder("hub.feed.output.backlog", table, t -> {
					try {
						Map<OutputCheckTable.State, Long> counts = t.counts();
						return counts.get(OutputCheckTable.State.PENDING) + counts.get(OutputCheckTable.State.CHECKING);
					} catch (RuntimeException e) {
						return Double.NaN;
					}
				})
				.description("feed output versions waiting to be judged against the guide")
				.register(registry);
	}

	/** Lets the check under way finish: an interrupted thread would close the embedded database's file channel. */
	void shutdown() {
		share.stop();
		wakeUps.offer(Boolean.TRUE);
		try {
			thread.join(TimeUnit.SECONDS.toMillis(10));
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
