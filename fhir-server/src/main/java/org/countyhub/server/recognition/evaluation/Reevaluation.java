package org.countyhub.server.recognition.evaluation;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.countyhub.server.recognition.RecognitionProperties;
import org.countyhub.server.recognition.catalog.RecognitionCatalog;
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
 * Judges a unit's stored reports (and its Observations that are catalogue items by themselves) again after
 * something the judgement depends on changed: the unit's qualification (a lapsed qualification withdraws the
 * mark), its code map, or the catalogue. Runs in the background, one unit after another, page by page; each
 * resource is updated in its own transaction and only when its mark changes (identical updates create no new
 * version).
 */
@Component
public class Reevaluation {

	private static final Logger log = LoggerFactory.getLogger(Reevaluation.class);

	private final IFhirResourceDao<DiagnosticReport> reports;
	private final IFhirResourceDao<Observation> observations;
	private final IFhirResourceDao<Organization> organizations;
	private final RecognitionEvaluator evaluator;
	private final RecognitionCatalog catalog;
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
			RecognitionCatalog catalog,
			RecognitionProperties properties) {
		this.reports = reports;
		this.observations = observations;
		this.organizations = organizations;
		this.evaluator = evaluator;
		this.catalog = catalog;
		this.pageSize = properties.reevaluationPage();
	}

	private final AtomicInteger pending = new AtomicInteger();

	/** Re-evaluations queued or running; 0 when every mark reflects the latest change. */
	public int pending() {
		return pending.get();
	}

	/** Re-evaluates, in the background, the reports and single results performed by this unit. */
	public void unit(String organizationId) {
		submit(() -> run(organizationId, false));
	}

	/**
	 * After a change of the unit's qualification only: its reports, and only its Observations that already carry a
	 * mark (a qualification cannot make an Observation a catalogue item, so the unit's other Observations — most of
	 * them, vital signs and panel members coded locally — need not be read).
	 */
	public void unitQualification(String organizationId) {
		submit(() -> run(organizationId, true));
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
			units.forEach(u -> run(u.getIdElement().getIdPart(), false));
		});
	}

	private void run(String organizationId, boolean markedObservationsOnly) {
		try {
			SearchParameterMap reportsOfUnit = byPerformer(DiagnosticReport.SP_PERFORMER, organizationId);
			Outcome reportOutcome = judgeAgain(reports, reportsOfUnit,
					resource -> evaluator.mark((DiagnosticReport) resource));
			// After a code-map or catalogue change every Observation of the unit, not only the marked ones: a local
			// code can have become a catalogue item (and an unmarked Observation gets its first mark).
			SearchParameterMap observationsOfUnit = byPerformer(Observation.SP_PERFORMER, organizationId);
			if (markedObservationsOnly) {
				TokenOrListParam anyItem = new TokenOrListParam();
				catalog.items().forEach(item -> anyItem.add(HubSystems.RECOGNITION_CATALOGUE, item.code()));
				observationsOfUnit.add("recognition-item", anyItem);
			}
			Outcome observationOutcome = judgeAgain(observations, observationsOfUnit,
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
			IFhirResourceDao<T> dao, SearchParameterMap query, Consumer<T> mark) {
		IBundleProvider found = dao.search(query, new SystemRequestDetails());
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

	private static SearchParameterMap byPerformer(String performerParameter, String organizationId) {
		SearchParameterMap byPerformer = new SearchParameterMap()
				.add(performerParameter, new ReferenceParam("Organization/" + organizationId));
		byPerformer.setSort(new SortSpec("_id"));
		return byPerformer;
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
