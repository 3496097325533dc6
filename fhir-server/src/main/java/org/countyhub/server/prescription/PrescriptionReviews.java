package org.countyhub.server.prescription;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.countyhub.county.MemberUnit;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.workflow.WorkflowCodes;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The review Task of a prescription (前置审方): one per prescription (the orders sharing a groupIdentifier, each an
 * input), owned by the pre-review centre while a pharmacist has to decide (requested), by the prescriber's unit
 * while returned (on-hold), completed once approved. A clean prescription of a unit the policy auto-approves gets a
 * completed Task at once (自动通过), reopened if a later order of the same prescription is held or an approved order
 * is amended.
 */
@Component
class PrescriptionReviews {

	static final String WORKFLOW = "prescription-review";
	static final String WAITING = "待审核";
	static final String RESUBMITTED = "重新提交待审核";
	static final String APPROVED = "审核通过";
	static final String APPROVED_WITH_NOTE = "附意见通过";
	static final String AUTO_APPROVED = "自动通过";
	static final String RETURNED = "已退回";
	static final String OVERDUE = "审方超时";
	/** Task.input type of each order; Task.output type of each return. */
	static final String ORDER_INPUT = "处方药品";
	static final String RETURN_OUTPUT = "退回";

	private static final Logger log = LoggerFactory.getLogger(PrescriptionReviews.class);

	private final WorkflowStore store;
	private final ReviewPolicy policy;
	private final Clock clock;

	PrescriptionReviews(WorkflowStore store, ReviewPolicy policy, Clock clock) {
		this.store = store;
		this.policy = policy;
		this.clock = clock;
	}

	static boolean isReview(Task task) {
		return WorkflowCodes.isA(task, WORKFLOW);
	}

	/** The prescription an order belongs to: its groupIdentifier, else the order itself. */
	static Identifier prescriptionOf(MedicationRequest order) {
		if (order.hasGroupIdentifier() && order.getGroupIdentifier().hasValue()) {
			return order.getGroupIdentifier().copy().setUse(null);
		}
		return new Identifier().setSystem(HubSystems.CANONICAL_BASE + "/sid/prescription")
				.setValue("MedicationRequest/" + order.getIdElement().getIdPart());
	}

	Optional<Task> taskOf(Identifier prescription) {
		SearchParameterMap map = new SearchParameterMap();
		map.add(Task.SP_CODE, new TokenParam(HubSystems.WORKFLOW, WORKFLOW));
		map.add(Task.SP_GROUP_IDENTIFIER, new TokenParam(prescription.getSystem(), prescription.getValue()));
		return store.search(Task.class, map).stream().findFirst();
	}

	/**
	 * A new order of a reviewed unit: into its prescription's Task (created when it is the first). {@code held}:
	 * the order waits for a pharmacist; otherwise it was approved automatically.
	 */
	void opened(MedicationRequest order, MemberUnit unit, boolean held) {
		String reference = "MedicationRequest/" + order.getIdElement().getIdPart();
		Identifier prescription = prescriptionOf(order);
		Instant now = clock.instant();
		Optional<Task> existing = taskOf(prescription);
		if (existing.isPresent()) {
			Task task = existing.get();
			task.setId(task.getIdElement().toVersionless());
			boolean listed = task.getInput().stream().anyMatch(i -> i.getValue() instanceof Reference r
					&& reference.equals(r.getReference()));
			if (!listed) {
				task.addInput().setType(new CodeableConcept().setText(ORDER_INPUT)).setValue(new Reference(reference));
			}
			// a held order reopens a finished review: a later order of an auto-approved prescription, or an approved
			// order amended afterwards
			if (held && task.getStatus() == Task.TaskStatus.COMPLETED) {
				reopen(task, reference, now);
			}
			task.setLastModified(Date.from(now));
			store.update(task, null);
			return;
		}
		Task task = new Task();
		task.getMeta().addProfile(HubSystems.PRESCRIPTION_REVIEW_TASK_PROFILE);
		task.setGroupIdentifier(prescription);
		task.setIntent(Task.TaskIntent.ORDER);
		task.setCode(WorkflowCodes.concept(WORKFLOW, "前置审方"));
		task.setFocus(new Reference(reference));
		task.setFor(order.getSubject().copy());
		task.setAuthoredOn(Date.from(now));
		task.setLastModified(Date.from(now));
		task.setRequester(new Reference(unit.reference()).setDisplay(unit.name()));
		task.setOwner(new Reference(policy.centre().reference()).setDisplay(policy.centreName()));
		task.getExecutionPeriod().setStartElement(new DateTimeType(Date.from(now)));
		task.addInput().setType(new CodeableConcept().setText(ORDER_INPUT)).setValue(new Reference(reference));
		if (held) {
			task.setStatus(Task.TaskStatus.REQUESTED);
			task.setBusinessStatus(new CodeableConcept().setText(WAITING));
			task.getRestriction().getPeriod().setEnd(Date.from(now.plus(policy.timeLimit())));
		} else {
			task.setStatus(Task.TaskStatus.COMPLETED);
			task.setBusinessStatus(new CodeableConcept().setText(AUTO_APPROVED));
			task.getExecutionPeriod().setEnd(Date.from(now));
		}
		store.create(task);
		log.info("Prescription review task for {} of {}: {}", reference, unit.code(),
				held ? "waiting for the pre-review centre " + policy.centre().code() : "auto-approved");
	}

	/** An auto-approved prescription with an order now held: the whole prescription waits again. */
	private void reopen(Task task, String heldOrder, Instant now) {
		task.setStatus(Task.TaskStatus.REQUESTED);
		task.setBusinessStatus(new CodeableConcept().setText(WAITING));
		task.getExecutionPeriod().setEnd(null);
		task.getRestriction().getPeriod().setEnd(Date.from(now.plus(policy.timeLimit())));
		for (String other : orders(task)) {
			if (other.equals(heldOrder)) {
				continue;
			}
			MedicationRequest order = store.read(MedicationRequest.class, other);
			if (order.getStatus() == MedicationRequest.MedicationRequestStatus.ACTIVE) {
				order.setId(order.getIdElement().toVersionless());
				order.setStatus(MedicationRequest.MedicationRequestStatus.ONHOLD);
				PrescriptionRule.allowStatusChange(order);
				store.update(order, null);
			}
		}
	}

	/** The orders of a review Task ({@code MedicationRequest/123}). */
	static List<String> orders(Task task) {
		return task.getInput().stream()
				.filter(i -> i.getValue() instanceof Reference)
				.map(i -> ((Reference) i.getValue()).getReference())
				.filter(r -> r != null && r.startsWith("MedicationRequest/"))
				.distinct()
				.toList();
	}
}
