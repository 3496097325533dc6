package org.countyhub.server.validation;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import org.countyhub.profiles.HubMsg;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Meta;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the feeds' output against the guide after the ACK, on a sample ({@link FeedOutputMode#SAMPLED}): one
 * committed feed transaction in {@code every} has the resources it wrote read back and validated on one background
 * thread. A resource that does not conform is tagged {@code failed-profile} (meta-add: no new version, found with
 * {@code _tag}) and logged at WARN with its id, its source (unit and message control id) and where it fails; the
 * validator's own text stays at DEBUG because it can quote a patient's data. When the checker falls behind, samples
 * are skipped (counted), never queued without bound.
 *
 * <p>The checker keeps to a share of one core ({@code share}): after each resource it pauses for as long as the
 * check took, times {@code (1 - share) / share}. Thread priorities do not do this (Linux ignores Java's), and
 * without it a busy feed pays for its own checks: one message in ten checked cost a quarter of the machine in the
 * end-to-end benchmark (34.5 instead of 44.3 messages/s with 4 senders). At a county's usual rate every sample is
 * checked; under a burst the samples the checker cannot take are skipped and counted.
 */
final class FeedOutputSample {

	private static final Logger log = LoggerFactory.getLogger(FeedOutputSample.class);
	private static final int BACKLOG = 32;

	private final GuideConformance conformance;
	private final DaoRegistry daos;
	private final int every;
	private final double share;
	private final CountDownLatch stopping = new CountDownLatch(1);
	private final AtomicLong transactions = new AtomicLong();
	private final AtomicLong checked = new AtomicLong();
	private final AtomicLong nonConforming = new AtomicLong();
	private final AtomicLong skipped = new AtomicLong();
	private final ThreadPoolExecutor checker;

	FeedOutputSample(GuideConformance conformance, DaoRegistry daos, int every, double share) {
		if (every < 1) {
			throw new IllegalArgumentException("hub.validation.feed-sample-every must be at least 1, was " + every);
		}
		if (!(share > 0 && share <= 1)) {
			throw new IllegalArgumentException("hub.validation.feed-check-share must be above 0 and at most 1, was "
					+ share);
		}
		this.conformance = conformance;
		this.daos = daos;
		this.every = every;
		this.share = share;
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
			if (id.hasResourceType() && conformance.enforces(id.getResourceType())) {
				written.add(id);
			}
		}
		if (!written.isEmpty()) {
			checker.execute(() -> written.forEach(this::checkLogged));
		}
	}

	private void checkLogged(IdType id) {
		if (stopping.getCount() == 0) {
			return;
		}
		long start = System.nanoTime();
		try {
			check(id);
		} catch (RuntimeException e) {
			log.warn("{}feed output {} could not be checked: {}", HubMsg.code(1104), id.toUnqualifiedVersionless(),
					e.getClass().getSimpleName());
		}
		pauseForShare(System.nanoTime() - start);
	}

	/** Idles so that checking takes at most {@code share} of this thread's time; ends early at shutdown. */
	private void pauseForShare(long busyNanos) {
		if (share >= 1) {
			return;
		}
		long pause = (long) (busyNanos * (1 - share) / share);
		try {
			// a latch, not an interrupt, ends the pause at shutdown (see shutdown())
			stopping.await(pause, TimeUnit.NANOSECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	/** Validates one stored version; true when it conforms (or is gone). */
	boolean check(IdType id) {
		IFhirResourceDao<?> dao = daos.getResourceDao(id.getResourceType());
		IBaseResource resource;
		try {
			resource = dao.read(id, new SystemRequestDetails());
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return true;
		}
		ValidationResult result = conformance.validate(resource);
		if (!GuideConformance.hasErrors(result)) {
			checked.incrementAndGet();
			return true;
		}
		Meta tag = new Meta();
		tag.addTag().setSystem(HubSystems.VALIDATION_TAG).setCode("failed-profile");
		GuideConformance.tagging(() -> dao.metaAddOperation(id.toUnqualifiedVersionless(), tag, new SystemRequestDetails()));
		SingleValidationMessage first = result.getMessages().stream()
				.filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
				.findFirst()
				.orElseThrow();
		log.warn("{}feed output {} (source {}) does not conform to the guide at {} [{}]; tagged failed-profile",
				HubMsg.code(1103), id.toUnqualifiedVersionless(), ((org.hl7.fhir.r4.model.Resource) resource).getMeta().getSource(),
				first.getLocationString(), first.getMessageId());
		log.debug("{}: {}", id.toUnqualifiedVersionless(), first.getMessage());
		nonConforming.incrementAndGet();
		checked.incrementAndGet();
		return false;
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
		stopping.countDown();
		checker.shutdown();
		try {
			checker.awaitTermination(10, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
