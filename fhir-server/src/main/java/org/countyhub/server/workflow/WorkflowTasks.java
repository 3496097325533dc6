package org.countyhub.server.workflow;

import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * The Task the hub opens for a workflow request (a reading request, a referral): based on and focused on the
 * request, for its patient, requested by its requester, as urgent as the request. The owner is the workflow's
 * own decision.
 */
public final class WorkflowTasks {

	private WorkflowTasks() {}

	public static Task requestedFor(ServiceRequest request, String profile, String code, String display) {
		String requestRef = "ServiceRequest/" + request.getIdElement().getIdPart();
		Task task = new Task();
		task.getMeta().addProfile(profile);
		task.addBasedOn(new Reference(requestRef));
		task.setFocus(new Reference(requestRef));
		task.setStatus(Task.TaskStatus.REQUESTED);
		task.setIntent(Task.TaskIntent.ORDER);
		task.setCode(WorkflowCodes.concept(code, display));
		task.setPriority(request.hasPriority()
				? Task.TaskPriority.fromCode(request.getPriority().toCode())
				: Task.TaskPriority.ROUTINE);
		task.setFor(request.getSubject().copy());
		task.setAuthoredOnElement(DateTimeType.now());
		task.setLastModifiedElement(DateTimeType.now());
		task.setRequester(request.getRequester().copy());
		return task;
	}
}
