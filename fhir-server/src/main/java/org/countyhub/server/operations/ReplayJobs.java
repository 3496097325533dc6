package org.countyhub.server.operations;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.countyhub.feeds.intake.FeedReplay;
import org.countyhub.feeds.intake.ReceivedMessages;
import org.countyhub.server.audit.FeedAccessAudit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Replays an operator asked for, run one message after the other on a thread of their own so the page can show
 * the progress (polled by htmx) instead of waiting on a long request. Each replay is audited with the operator's
 * name. Jobs live in this instance's memory (the page polls the instance that started it; sticky sessions), and
 * the newest {@value #KEPT} are kept.
 */
@Component
public class ReplayJobs implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(ReplayJobs.class);
	private static final int KEPT = 50;

	/** One message's replay: the entry, and its ACK code once replayed (null while waiting; "-" when gone). */
	public record Step(ReceivedMessages.Entry entry, String ackCode) {}

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

	private final FeedReplay replay;
	private final FeedAccessAudit audit;
	private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
		Thread thread = new Thread(r, "feed-replay-jobs");
		thread.setDaemon(true);
		return thread;
	});
	private final Map<String, Job> jobs = Collections.synchronizedMap(new java.util.LinkedHashMap<>() {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Job> eldest) {
			return size() > KEPT;
		}
	});

	ReplayJobs(FeedReplay replay, FeedAccessAudit audit) {
		this.replay = replay;
		this.audit = audit;
	}

	/** Starts replaying these entries for {@code actor}; the job's id. */
	public String start(String actor, List<ReceivedMessages.Entry> entries) {
		List<Step> steps = Collections.synchronizedList(new ArrayList<>());
		entries.forEach(entry -> steps.add(new Step(entry, null)));
		Job job = new Job(UUID.randomUUID().toString(), actor, steps);
		jobs.put(job.id(), job);
		worker.execute(() -> run(job));
		return job.id();
	}

	/** The job, if it is this operator's (another one's id answers nothing). */
	public Optional<Job> find(String id, String actor) {
		Job job = jobs.get(id);
		return job != null && job.actor().equals(actor)
				? Optional.of(new Job(job.id(), job.actor(), List.copyOf(job.steps())))
				: Optional.empty();
	}

	private void run(Job job) {
		for (int i = 0; i < job.steps().size(); i++) {
			ReceivedMessages.Entry entry = job.steps().get(i).entry();
			String ack;
			try {
				ack = replay.replay(entry.id()).map(FeedReplay.Outcome::ackCode).orElse("-");
			} catch (RuntimeException e) {
				log.warn("replay of journal entry {} failed: {}", entry.id(), e.getClass().getSimpleName());
				ack = "AE";
			}
			String answer = ack == null ? "AE" : ack;
			audit.replayed(job.actor(), entry, "console", answer);
			job.steps().set(i, new Step(entry, answer));
		}
		log.info("operator {} replayed {} journal entries: {} accepted", job.actor(), job.steps().size(),
				job.accepted());
	}

	@Override
	public void destroy() {
		worker.shutdownNow();
	}
}
