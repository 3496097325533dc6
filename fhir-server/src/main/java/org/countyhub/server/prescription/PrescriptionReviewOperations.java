package org.countyhub.server.prescription;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.countyhub.county.MemberUnit;
import org.countyhub.profiles.HubMsg;
import org.countyhub.server.rest.FhirOperationProvider;
import org.countyhub.server.security.token.HubCaller;
import org.countyhub.server.workflow.ActingUnit;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What the pre-review centre's pharmacist (role pharmacist, acting for the centre) and the prescriber's unit do with
 * a prescription's review Task:
 * <ul>
 *   <li>{@code POST /fhir/Task/{id}/$approve-prescription} [{@code note}]: approved (审核通过), or approved with the
 *       pharmacist's note (附意见通过), the note on the Task and every order; the orders become active (dispensable);
 *   <li>{@code $return-prescription} with {@code reason} (1..*, codes of prescription-return-reason) [{@code note}]:
 *       退回 to the prescriber's unit, which owns the Task (on-hold) until it resubmits; each return is a Task
 *       output (counted by reason in the figures);
 *   <li>{@code $resubmit-prescription} [{@code note}] by the prescriber's unit (role clinician), after amending the
 *       orders: back to the centre, with a new time limit.
 * </ul>
 */
@Component
class PrescriptionReviewOperations implements FhirOperationProvider {

	private static final Logger log = LoggerFactory.getLogger(PrescriptionReviewOperations.class);

	private final WorkflowStore store;
	private final ActingUnit units;
	private final ReviewPolicy policy;
	private final Clock clock;

	PrescriptionReviewOperations(WorkflowStore store, ActingUnit units, ReviewPolicy policy, Clock clock) {
		this.store = store;
		this.units = units;
		this.policy = policy;
		this.clock = clock;
	}

	@Operation(name = "$approve-prescription", typeName = "Task")
	public Task approve(@IdParam IdType id, @OperationParam(name = "note", min = 0, max = 1) StringType note,
			RequestDetails request) {
		Task task = handle(id, request, "approving a prescription", true);
		Instant now = clock.instant();
		boolean withNote = note != null && note.hasValue() && !note.getValue().isBlank();
		task.setStatus(Task.TaskStatus.COMPLETED);
		task.setBusinessStatus(new CodeableConcept().setText(withNote ? PrescriptionReviews.APPROVED_WITH_NOTE
				: PrescriptionReviews.APPROVED));
		task.getExecutionPeriod().setEnd(Date.from(now));
		task.setLastModified(Date.from(now));
		if (withNote) {
			task.addNote(annotation(note.getValue().trim(), now));
		}
		for (String reference : PrescriptionReviews.orders(task)) {
			MedicationRequest order = store.read(MedicationRequest.class, reference);
			order.setId(order.getIdElement().toVersionless());
			if (order.getStatus() == MedicationRequest.MedicationRequestStatus.ONHOLD) {
				order.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
			}
			if (withNote) {
				order.addNote(annotation("审方意见：" + note.getValue().trim(), now));
			}
			PrescriptionRule.allowStatusChange(order);
			store.update(order, null);
		}
		store.update(task, null);
		log.info("Prescription review task {} approved{}", id.getIdPart(), withNote ? " with a note" : "");
		return task;
	}

	@Operation(name = "$return-prescription", typeName = "Task")
	public Task giveBack(@IdParam IdType id, @OperationParam(name = "reason", min = 1, max = OperationParam.MAX_UNLIMITED)
			List<CodeType> reasons, @OperationParam(name = "note", min = 0, max = 1) StringType note,
			RequestDetails request) {
		List<Coding> codings = new ArrayList<>();
		for (CodeType reason : reasons == null ? List.<CodeType>of() : reasons) {
			String code = reason.getValue() == null ? "" : reason.getValue().trim();
			codings.add(ReturnReasons.coding(code).orElseThrow(() -> new InvalidRequestException(HubMsg.code(5874)
					+ "unknown return reason '" + code + "'; known: " + ReturnReasons.all().keySet())));
		}
		if (codings.isEmpty()) {
			throw new InvalidRequestException(HubMsg.code(5873) + "退回 needs at least one reason ('reason', codes of "
					+ "prescription-return-reason: " + ReturnReasons.all().keySet() + ")");
		}
		Task task = handle(id, request, "returning a prescription", true);
		Instant now = clock.instant();
		String text = note != null && note.hasValue() && !note.getValue().isBlank() ? note.getValue().trim() : null;
		for (Coding coding : codings) {
			CodeableConcept value = new CodeableConcept(coding);
			if (text != null) {
				value.setText(text);
			}
			task.addOutput().setType(new CodeableConcept().setText(PrescriptionReviews.RETURN_OUTPUT)).setValue(value);
		}
		if (text != null) {
			task.addNote(annotation("退回：" + text, now));
		}
		task.setStatus(Task.TaskStatus.ONHOLD);
		task.setBusinessStatus(new CodeableConcept().setText(PrescriptionReviews.RETURNED));
		task.setStatusReason(new CodeableConcept(codings.get(0).copy()).setText(text));
		task.setOwner(task.getRequester().copy());
		task.setLastModified(Date.from(now));
		store.update(task, null);
		log.info("Prescription review task {} returned to {} ({})", id.getIdPart(), task.getOwner().getReference(),
				codings.stream().map(Coding::getCode).toList());
		return task;
	}

	@Operation(name = "$resubmit-prescription", typeName = "Task")
	public Task resubmit(@IdParam IdType id, @OperationParam(name = "note", min = 0, max = 1) StringType note,
			RequestDetails request) {
		Task task = handle(id, request, "resubmitting a prescription", false);
		Instant now = clock.instant();
		task.setStatus(Task.TaskStatus.REQUESTED);
		task.setBusinessStatus(new CodeableConcept().setText(PrescriptionReviews.RESUBMITTED));
		task.setStatusReason(null);
		task.setOwner(new Reference(policy.centre().reference()).setDisplay(policy.centreName()));
		task.getRestriction().getPeriod().setEnd(Date.from(now.plus(policy.timeLimit())));
		task.setPriority(null);
		if (note != null && note.hasValue() && !note.getValue().isBlank()) {
			task.addNote(annotation("重新提交：" + note.getValue().trim(), now));
		}
		task.setLastModified(Date.from(now));
		store.update(task, null);
		log.info("Prescription review task {} resubmitted to {}", id.getIdPart(), policy.centre().code());
		return task;
	}

	/**
	 * The review Task, checked: the caller acts for its owner (the centre to decide, the prescriber's unit to
	 * resubmit), and it waits for that decision.
	 */
	private Task handle(IdType id, RequestDetails request, String forWhat, boolean byCentre) {
		MemberUnit acting = units.require(request, forWhat);
		Task task = store.read(Task.class, id.getIdPart());
		if (!PrescriptionReviews.isReview(task)) {
			throw new UnprocessableEntityException(HubMsg.code(5870) + "Task/" + id.getIdPart()
					+ " is not a prescription review");
		}
		if (!acting.reference().equals(task.getOwner().getReference())) {
			throw new ForbiddenOperationException(HubMsg.code(5871) + "prescription review " + id.getIdPart()
					+ " is with " + task.getOwner().getReference() + "; " + ActingUnit.HEADER + " is " + acting.code());
		}
		boolean waiting = byCentre ? task.getStatus() == Task.TaskStatus.REQUESTED
				: task.getStatus() == Task.TaskStatus.ONHOLD
						&& PrescriptionReviews.RETURNED.equals(task.getBusinessStatus().getText());
		if (!waiting) {
			throw new ResourceVersionConflictException(HubMsg.code(5872) + "prescription review " + id.getIdPart()
					+ " is " + task.getStatus().toCode() + " (" + task.getBusinessStatus().getText() + "); "
					+ (byCentre ? "only a review waiting for the centre (requested) is decided"
							: "only a returned review (on-hold) is resubmitted"));
		}
		task.setId(task.getIdElement().toVersionless());
		return task;
	}

	private static Annotation annotation(String text, Instant at) {
		Annotation annotation = new Annotation().setText(text);
		annotation.setTime(Date.from(at));
		// who, as the token names them (a Practitioner the store may not hold, so not a reference)
		HubCaller.current().map(c -> c.fhirUser() != null ? c.fhirUser() : c.subject())
				.ifPresent(user -> annotation.setAuthor(new StringType(user)));
		return annotation;
	}
}
