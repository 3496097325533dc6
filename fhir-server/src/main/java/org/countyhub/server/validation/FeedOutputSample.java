package org.countyhub.server.validation;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import org.countyhub.profiles.HubMsg;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the feeds' output against the guide after the ACK, on a sample ({@link FeedOutputMode#SAMPLED}): one
 * committed feed transaction in {@code every} has the resources it wrote read back and judged
 * ({@link StoredOutputCheck}) on one background thread, kept to a share of one core ({@link CoreShare}). When the
 * checker falls behind, samples are skipped (counted), never queued without bound; {@link FeedOutputBacklog} is the
 * mode that checks every message.
 */
final class FeedOutputSample {

	private static final Logger log = LoggerFactory.getLogger(FeedOutputSample.class);

	private static final int BACKLOG = 32;

	private final StoredOutputCheck judge;
	private final int every;
	private final CoreShare share;
	private final AtomicLong transactions = new AtomicLong();
	private final AtomicLong checked = new AtomicLong();
	private final AtomicLong nonConforming = new AtomicLong();
	private final AtomicLong skipped = new AtomicLong();
	private final ThreadPoolExecutor checker;

	FeedOutputSample(GuideConformance conformance, DaoRegistry daos, int every, double share) {
		if (every < 1) {
			throw new IllegalArgumentException("hub.validation.feed-sample-every must be at least 1, was " + every);
		}
		this.share = new CoreShare(share, "hub.validation.feed-check-share");
		this.judge = new StoredOutputCheck(conformance, daos);
		this.every = every;
		this.checker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(BACKLOG), r -> {
			Thread t = new Thread(r, "feed-output-check");
			t.setDaemon(true);
			t.setPriority(Thread.MIN_PRIORITY);
			return t;
		}, (r, pool) -> skipped.incrementAndGet());
	}

	/** Called with the response of each committed feed transaction. */
	void committed(Bundle response) {
		if (transactions.incrementAndGet() % every != 0) {
			return;
		}
		List<IdType> written = new ArrayList<>();
		for (Bundle.BundleEntryComponent entry : response.getEntry()) {
			String location = entry.getResponse().getLocation();
			if (location == null || location.isBlank()) {
				continue;
			}
			IdType id = new IdType(location);
			if (id.hasResourceType() && judge.enforces(id.getResourceType())) {
				written.add(id);
			}
		}
		if (!written.isEmpty()) {
			checker.execute(() -> written.forEach(this::checkLogged));
		}
	}

	private void checkLogged(IdType id) {
		if (share.stopped()) {
			return;
		}
		long start = System.nanoTime();
		try {
			StoredOutputCheck.Verdict verdict = judge.judge(id);
			if (verdict.outcome() != StoredOutputCheck.Outcome.GONE) {
				checked.incrementAndGet();
			}
			if (verdict.outcome() == StoredOutputCheck.Outcome.NON_CONFORMING) {
				nonConforming.incrementAndGet();
			}
		} catch (RuntimeException e) {
			log.warn("{}feed output {} could not be checked: {}", HubMsg.code(1104), id.toUnqualifiedVersionless(),
					e.getClass().getSimpleName());
		}
		share.pauseAfter(System.nanoTime() - start);
	}
	/** Feed transactions seen, resources checked, found not conforming, and samples skipped because behind. */
	record Counts(long transactions, long checked, long nonConforming, long skipped) {}

	Counts counts() {
		return new Counts(transactions.get(), checked.get(), nonConforming.get(), skipped.get());
	}

	/** {@code /actuator/metrics/hub.feed.output.samples} by outcome: checked, non-conforming, skipped (checker busy). */
	void bindTo(MeterRegistry registry) {
		Map<String, ToDoubleFunction<FeedOutputSample>> outcomes = Map.of(
				"checked", s -> s.checked.get(),
				"non-conforming", s -> s.nonConforming.get(),
				"skipped", s -> s.skipped.get());
		outcomes.forEach((outcome, count) -> FunctionCounter.builder("hub.feed.output.samples", this, count)
				.description("feed resources checked against the guide after the ACK (feed-output: sampled)")
				.tag("outcome", outcome)
				.register(registry));
	}

	/** Lets the check under way finish: an interrupted thread would close the embedded database's file channel. */
	void shutdown() {
		share.stop();
		checker.shutdown();
		try {
			checker.awaitTermination(10, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
