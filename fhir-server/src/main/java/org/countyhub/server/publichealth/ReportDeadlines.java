package org.countyhub.server.publichealth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.workflow.WorkflowCodes;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;

/**
 * The deadline of a card (报告时限): its class's time limit (2 hours for 甲类 and 乙类按甲类管理, 24 hours otherwise,
 * as the catalogue says) counted from the diagnosis; carried by the card's Task (profile report-card-task) as
 * {@code restriction.period} (start = diagnosis, end = due), owned by the reporting unit, so the 防保科 worklist is
 * a Task search and timeliness is judged from the Task alone.
 */
final class ReportDeadlines {

	static final String WORKFLOW = "notifiable-report";
	static final String OVERDUE = "逾期未报";

	private ReportDeadlines() {}

	static Instant due(NotifiableDisease disease, Instant diagnosedAt) {
		return diagnosedAt.plus(Duration.ofHours(disease.diseaseClass().limitHours()));
	}

	static Task open(String cardReference, CaseTrigger trigger, Clock clock) {
		Task task = new Task();
		task.getMeta().addProfile(HubSystems.REPORT_CARD_TASK_PROFILE);
		task.setStatus(Task.TaskStatus.REQUESTED);
		task.setIntent(Task.TaskIntent.ORDER);
		task.setCode(WorkflowCodes.concept(WORKFLOW, "传染病报告"));
		task.setFocus(new Reference(cardReference));
		task.setFor(new Reference(trigger.subject()));
		task.setOwner(new Reference(trigger.unit().reference()).setDisplay(trigger.unit().name()));
		task.setReasonCode(new CodeableConcept(new Coding(HubSystems.NOTIFIABLE_DISEASE, trigger.disease().code(),
				trigger.disease().name())));
		task.setAuthoredOn(Date.from(clock.instant()));
		task.setLastModified(Date.from(clock.instant()));
		task.getRestriction().getPeriod().setStart(Date.from(trigger.diagnosedAt()))
				.setEnd(Date.from(due(trigger.disease(), trigger.diagnosedAt())));
		return task;
	}

	static boolean isOverdue(Task task, Instant now) {
		return task.getStatus() == Task.TaskStatus.REQUESTED && task.getRestriction().getPeriod().hasEnd()
				&& task.getRestriction().getPeriod().getEnd().toInstant().isBefore(now);
	}

	/** Reported in time: confirmed (execution end) no later than the deadline. */
	static boolean onTime(Task task) {
		return task.getExecutionPeriod().hasEnd() && task.getRestriction().getPeriod().hasEnd()
				&& !task.getExecutionPeriod().getEnd().after(task.getRestriction().getPeriod().getEnd());
	}
}
