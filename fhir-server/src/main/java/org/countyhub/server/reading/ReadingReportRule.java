package org.countyhub.server.reading;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.countyhub.server.workflow.StorageRule;
import org.countyhub.server.workflow.WorkflowCodes;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DiagnosticReport.DiagnosticReportStatus;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The centre's report completes the reading: a final (or amended, corrected) DiagnosticReport based on a
 * reading request, performed by the centre that owns the Task, completes that Task with the report as its output
 * and the completion time as the end of its execution period (the turnaround). A revised report is an update
 * of the same DiagnosticReport: HAPI keeps the earlier version in its history and the Task keeps pointing at it.
 * The report itself is stored like any other DiagnosticReport, so sharing and the recognition evaluation apply
 * to it unchanged.
 */
@Component
@Interceptor
public class ReadingReportRule implements StorageRule {

	private static final Logger log = LoggerFactory.getLogger(ReadingReportRule.class);
	private static final Set<DiagnosticReportStatus> REPORTED =
			EnumSet.of(DiagnosticReportStatus.FINAL, DiagnosticReportStatus.AMENDED, DiagnosticReportStatus.CORRECTED,
					DiagnosticReportStatus.APPENDED);
	private static final Set<Task.TaskStatus> OPEN =
			EnumSet.of(Task.TaskStatus.REQUESTED, Task.TaskStatus.ACCEPTED, Task.TaskStatus.INPROGRESS);

	private final WorkflowStore store;
	private final ReadingCentres centres;

	ReadingReportRule(WorkflowStore store, ReadingCentres centres) {
		this.store = store;
		this.centres = centres;
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		if (resource instanceof DiagnosticReport report) {
			complete(report);
		}
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource) {
		if (resource instanceof DiagnosticReport report) {
			complete(report);
		}
	}

	private void complete(DiagnosticReport report) {
		if (!REPORTED.contains(report.getStatus())) {
			return;
		}
		for (Reference basedOn : report.getBasedOn()) {
			if (basedOn.getReference() == null || !basedOn.getReference().startsWith("ServiceRequest/")) {
				continue;
			}
			String requestRef = "ServiceRequest/" + new org.hl7.fhir.r4.model.IdType(basedOn.getReference()).getIdPart();
			for (Task task : store.search(Task.class, WorkflowCodes.taskFor(requestRef, WorkflowCodes.REMOTE_READING))) {
				if (OPEN.contains(task.getStatus()) && performedByCentre(report, task)) {
					completeTask(task, report);
				}
			}
		}
	}

	private boolean performedByCentre(DiagnosticReport report, Task task) {
		Optional<String> centre = centres.centreOf(task);
		return centre.isPresent() && report.getPerformer().stream()
				.anyMatch(p -> centre.get().equals(p.getReference()));
	}

	private void completeTask(Task task, DiagnosticReport report) {
		String reportRef = "DiagnosticReport/" + report.getIdElement().getIdPart();
		task.setId(task.getIdElement().toVersionless());
		task.setStatus(Task.TaskStatus.COMPLETED);
		task.setLastModifiedElement(DateTimeType.now());
		task.getExecutionPeriod().setEndElement(DateTimeType.now());
		task.addOutput().setType(new CodeableConcept().setText("诊断报告")).setValue(new Reference(reportRef));
		store.update(task, null);
		log.info("Reading task {} completed by {}", task.getIdElement().getIdPart(), reportRef);
	}
}
