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
import org.countyhub.server.recognition.RecognitionProperties;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Organization;
import org.countyhub.profiles.HubSystems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Judges a unit's stored reports again after something the judgement depends on changed: the unit's
 * qualification (a lapsed qualification withdraws the mark), its code map, or the catalogue. Runs in the
 * background, one unit after another, page by page; each report is updated in its own transaction and only when
 * its mark changes (identical updates create no new version).
 */
@Component
public class Reevaluation {

	private static final Logger log = LoggerFactory.getLogger(Reevaluation.class);

	private final IFhirResourceDao<DiagnosticReport> reports;
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
			IFhirResourceDao<Organization> organizations,
			RecognitionEvaluator evaluator,
			RecognitionProperties properties) {
		this.reports = reports;
		this.organizations = organizations;
		this.evaluator = evaluator;
		this.pageSize = properties.reevaluationPage();
	}

	private final AtomicInteger pending = new AtomicInteger();

	/** Re-evaluations queued or running; 0 when every mark reflects the latest change. */
	public int pending() {
		return pending.get();
	}

	/** Re-evaluates, in the background, the reports performed by this unit. */
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
			SearchParameterMap byPerformer = new SearchParameterMap()
					.add(DiagnosticReport.SP_PERFORMER, new ReferenceParam("Organization/" + organizationId));
			byPerformer.setSort(new SortSpec("_id"));
			IBundleProvider found = reports.search(byPerformer, new SystemRequestDetails());
			AtomicInteger changed = new AtomicInteger();
			int from = 0;
			while (true) {
				List<IBaseResource> page = found.getResources(from, from + pageSize);
				if (page.isEmpty()) {
					break;
				}
				for (IBaseResource resource : page) {
					DiagnosticReport report = (DiagnosticReport) resource;
					Extension before = markOf(report);
					evaluator.mark(report);
					Extension after = markOf(report);
					if (before == null || !before.equalsDeep(after)) {
						reports.update(report, new SystemRequestDetails());
						changed.incrementAndGet();
					}
				}
				from += page.size();
			}
			log.info("Recognition re-evaluation of unit {}: {} reports read, {} marks changed",
					organizationId, from, changed.get());
		} catch (RuntimeException e) {
			log.error("Recognition re-evaluation of unit {} failed", organizationId, e);
		}
	}

	private static Extension markOf(DiagnosticReport report) {
		return report.getExtensionByUrl(HubSystems.RECOGNITION_STATUS_EXTENSION);
	}

	@PreDestroy
	void stop() throws InterruptedException {
		executor.shutdown();
		executor.awaitTermination(10, TimeUnit.SECONDS);
	}
}
