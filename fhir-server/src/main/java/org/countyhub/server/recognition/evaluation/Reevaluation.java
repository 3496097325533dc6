package org.countyhub.server.recognition.evaluation;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.countyhub.server.recognition.RecognitionProperties;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Organization;
import org.countyhub.profiles.HubSystems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Judges a unit's stored reports (and its Observations that are catalogue items by themselves) again after something the judgement depends on changed: the unit's
 * qualification (a lapsed qualification withdraws the mark), its code map, or the catalogue. Runs in the
 * background, one unit after another, page by page; each report is updated in its own transaction and only when
 * its mark changes (identical updates create no new version).
 */
@Component
public class Reevaluation {

	private static final Logger log = LoggerFactory.getLogger(Reevaluation.class);

	private final IFhirResourceDao<DiagnosticReport> reports;
	private final IFhirResourceDao<Observation> observations;
	private final IFhirResourceDao<Organization> organizations;
	private final RecognitionEvaluator evaluator;
	private final int pageSize;
	private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
		Thread thread = new Thread(r, "recognition-reevaluation");
		thread.setDaemon(true);
		return thread;
	});

	Reevaluation(
			IFhirResourceDao<DiagnosticReport> reports,
			IFhirResourceDao<Observation> observations,
			IFhirResourceDao<Organization> organizations,
			RecognitionEvaluator evaluator,
			RecognitionProperties properties) {
		this.reports = reports;
		this.observations = observations;
		this.organizations = organizations;
		this.evaluator = evaluator;
		this.pageSize = properties.reevaluationPage();
	}

	private final AtomicInteger pending = new AtomicInteger();

	/** Re-evaluations queued or running; 0 when every mark reflects the latest change. */
	public int pending() {
		return pending.get();
	}

	/** Re-evaluates, in the background, the reports and single results performed by this unit. */
	public void unit(String organizationId) {
		submit(() -> run(organizationId));
	}

	private void submit(Runnable job) {
		pending.incrementAndGet();
		executor.submit(() -> {
			try {
				job.run();
			} finally {
				pending.decrementAndGet();
			}
		});
	}

	/** Re-evaluates, in the background, the reports of every unit (after a catalogue change). */
	public void allUnits() {
		submit(() -> {
			SearchParameterMap all = SearchParameterMap.newSynchronous();
			all.setCount(10_000);
			List<IBaseResource> units = organizations.search(all, new SystemRequestDetails()).getAllResources();
			units.forEach(u -> run(u.getIdElement().getIdPart()));
		});
	}

	private void run(String organizationId) {
		try {
			Outcome reportOutcome = judgeAgain(reports, DiagnosticReport.SP_PERFORMER, organizationId,
					resource -> evaluator.mark((DiagnosticReport) resource));
			// Every Observation of the unit, not only the marked ones: a code-map or catalogue change can make a
			// local code a catalogue item (and so give an unmarked Observation its first mark).
			Outcome observationOutcome = judgeAgain(observations, Observation.SP_PERFORMER, organizationId,
					resource -> evaluator.mark((Observation) resource));
			log.info("Recognition re-evaluation of unit {}: {} reports read, {} marks changed; "
							+ "{} observations read, {} marks changed",
					organizationId, reportOutcome.read(), reportOutcome.changed(),
					observationOutcome.read(), observationOutcome.changed());
		} catch (RuntimeException e) {
			log.error("Recognition re-evaluation of unit {} failed", organizationId, e);
		}
	}

	private record Outcome(int read, int changed) {}

	/** Marks again, page by page, the resources this unit performed; stores only those whose mark changed. */
	private <T extends DomainResource> Outcome judgeAgain(
			IFhirResourceDao<T> dao, String performerParameter, String organizationId, Consumer<T> mark) {
		SearchParameterMap byPerformer = new SearchParameterMap()
				.add(performerParameter, new ReferenceParam("Organization/" + organizationId));
		byPerformer.setSort(new SortSpec("_id"));
		IBundleProvider found = dao.search(byPerformer, new SystemRequestDetails());
		int changed = 0;
		int from = 0;
		while (true) {
			List<IBaseResource> page = found.getResources(from, from + pageSize);
			if (page.isEmpty()) {
				break;
			}
			for (IBaseResource resource : page) {
				@SuppressWarnings("unchecked")
				T result = (T) resource;
				Extension before = markOf(result);
				mark.accept(result);
				Extension after = markOf(result);
				boolean same = before == null ? after == null : after != null && before.equalsDeep(after);
				if (!same) {
					dao.update(result, new SystemRequestDetails());
					changed++;
				}
			}
			from += page.size();
		}
		return new Outcome(from, changed);
	}

	private static Extension markOf(DomainResource result) {
		return result.getExtensionByUrl(HubSystems.RECOGNITION_STATUS_EXTENSION);
	}

	@PreDestroy
	void stop() throws InterruptedException {
		executor.shutdown();
		executor.awaitTermination(10, TimeUnit.SECONDS);
	}
}
