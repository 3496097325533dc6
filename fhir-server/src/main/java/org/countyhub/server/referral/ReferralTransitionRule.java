package org.countyhub.server.referral;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.Date;
import java.util.Objects;
import org.countyhub.county.MemberUnit;
import org.countyhub.profiles.HubMsg;
import org.countyhub.server.workflow.ActingUnit;
import org.countyhub.server.workflow.StorageRule;
import org.countyhub.server.workflow.WorkflowCodes;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/**
 * Guards the referral Task's state: every update of a referral Task (PUT, PATCH, transaction, feed) must be an
 * allowed transition made by the side allowed to make it (the receiving unit accepts, rejects, records arrival
 * and completion; the requesting unit cancels before acceptance), must give a reason when rejecting or
 * cancelling, and may not re-address the referral. Each transition is kept twice: as a Task version (history)
 * and as a Provenance naming the acting unit and the new state.
 */
@Component
@Interceptor
public class ReferralTransitionRule implements StorageRule {

	static final String TASK_STATUS = "http://hl7.org/fhir/task-status";
	/** What Provenance.activity is bound to (provenance-activity-type, extensible) takes these. */
	static final String DATA_OPERATION = "http://terminology.hl7.org/CodeSystem/v3-DataOperation";

	private final ActingUnit units;
	private final WorkflowStore store;

	ReferralTransitionRule(ActingUnit units, WorkflowStore store) {
		this.units = units;
		this.store = store;
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = BEFORE_VALIDATION)
	public void beforeCreate(IBaseResource resource, RequestDetails request) {
		if (resource instanceof Task task && WorkflowCodes.isA(task, WorkflowCodes.REFERRAL)
				&& !ActingUnit.isInternal(request)) {
			throw new UnprocessableEntityException(HubMsg.code(5205) + "referral Tasks are created by the hub "
					+ "with their referral ServiceRequest; create the ServiceRequest (category referral) only");
		}
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void afterCreate(IBaseResource resource) {
		if (resource instanceof Task task && WorkflowCodes.isA(task, WorkflowCodes.REFERRAL)) {
			record(task, task.getRequester().getReference(), true);
		}
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = BEFORE_VALIDATION)
	public void beforeUpdate(IBaseResource previous, IBaseResource resource, RequestDetails request) {
		if (previous instanceof Task before && resource instanceof Task after
				&& WorkflowCodes.isA(before, WorkflowCodes.REFERRAL)) {
			check(before, after, request);
			if (before.getStatus() != after.getStatus()) {
				after.setLastModifiedElement(DateTimeType.now());
			}
		}
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void afterUpdate(IBaseResource previous, IBaseResource resource, RequestDetails request) {
		if (previous instanceof Task before && resource instanceof Task after
				&& WorkflowCodes.isA(after, WorkflowCodes.REFERRAL) && before.getStatus() != after.getStatus()) {
			String agent = ActingUnit.isInternal(request)
					? after.getOwner().getReference()
					: units.require(request, "a referral transition").reference();
			record(after, agent, false);
		}
	}

	private void check(Task before, Task after, RequestDetails request) {
		String id = "Task/" + before.getIdElement().getIdPart();
		if (!WorkflowCodes.isA(after, WorkflowCodes.REFERRAL)
				|| !sameReference(before.getFocus(), after.getFocus())
				|| !sameReference(before.getFor(), after.getFor())
				|| !sameReference(before.getRequester(), after.getRequester())
				|| !sameReference(before.getOwner(), after.getOwner())) {
			throw new UnprocessableEntityException(HubMsg.code(5206) + id + ": a referral's code, focus, patient, "
					+ "requester and receiving unit cannot be changed; cancel it and refer again");
		}
		if (before.getStatus() == after.getStatus()) {
			return;
		}
		ReferralStates.Side side = ReferralStates.whoMay(before.getStatus(), after.getStatus())
				.orElseThrow(() -> new UnprocessableEntityException(HubMsg.code(5207) + id + ": a referral cannot go from "
						+ code(before) + " to " + code(after)));
		if (ReferralStates.needsReason(after.getStatus()) && !after.hasStatusReason()) {
			throw new UnprocessableEntityException(HubMsg.code(5208) + id + ": " + code(after)
					+ " needs a reason in Task.statusReason");
		}
		if (ActingUnit.isInternal(request)) {
			return;
		}
		MemberUnit acting = units.require(request, "a referral transition");
		String allowed = side == ReferralStates.Side.RECEIVER
				? before.getOwner().getReference()
				: before.getRequester().getReference();
		if (!acting.reference().equals(allowed)) {
			throw new ForbiddenOperationException(HubMsg.code(5209) + id + ": only the "
					+ (side == ReferralStates.Side.RECEIVER ? "receiving" : "requesting") + " unit (" + allowed
					+ ") may move a referral from " + code(before) + " to " + code(after) + "; "
					+ ActingUnit.HEADER + " is " + acting.code());
		}
	}

	private static String code(Task task) {
		return task.getStatus() == null ? "(none)" : task.getStatus().toCode();
	}

	private static boolean sameReference(Reference a, Reference b) {
		return Objects.equals(a.getReference(), b.getReference());
	}

	private void record(Task task, String agent, boolean created) {
		Provenance provenance = new Provenance();
		provenance.addTarget(new Reference("Task/" + task.getIdElement().getIdPart()));
		provenance.setOccurred(new DateTimeType(new Date()));
		provenance.setRecorded(new Date());
		// the activity is the write (an activity type, as the binding asks); the state it moved the Task into is
		// a second coding, which the referral figures count by
		CodeableConcept activity = new CodeableConcept()
				.addCoding(new Coding(DATA_OPERATION, created ? "CREATE" : "UPDATE", created ? "create" : "revise"))
				.addCoding(new Coding(TASK_STATUS, task.getStatus().toCode(), task.getStatus().getDisplay()))
				.setText("Task version " + task.getIdElement().getVersionIdPart());
		provenance.setActivity(activity);
		provenance.addAgent().setWho(new Reference(agent));
		if (task.hasStatusReason()) {
			provenance.addReason(task.getStatusReason().copy());
		}
		store.create(provenance);
	}
}
