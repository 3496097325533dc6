package org.countyhub.server.referral;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.Optional;
import org.countyhub.county.MemberUnit;
import org.countyhub.profiles.HubMsg;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.workflow.ActingUnit;
import org.countyhub.server.workflow.StorageRule;
import org.countyhub.server.workflow.WorkflowCodes;
import org.countyhub.server.workflow.WorkflowTasks;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * 双向转诊: a referral ServiceRequest (category {@code referral}, with its direction) gets its referral Task,
 * status requested, owned by the receiving unit (the request's performer), in the same transaction. The request
 * must name a direction and a receiving member unit; a down-referral must carry its follow-up CarePlan in
 * supportingInfo.
 */
@Component
@Interceptor
public class ReferralRequestRule implements StorageRule {

	private static final Logger log = LoggerFactory.getLogger(ReferralRequestRule.class);

	private final ActingUnit units;
	private final WorkflowStore store;

	ReferralRequestRule(ActingUnit units, WorkflowStore store) {
		this.units = units;
		this.store = store;
	}

	/** up or down, from the referral-direction extension. */
	static Optional<String> direction(ServiceRequest request) {
		Extension ext = request.getExtensionByUrl(HubSystems.REFERRAL_DIRECTION_EXTENSION);
		return ext != null && ext.getValue() instanceof Coding coding ? Optional.ofNullable(coding.getCode())
				: Optional.empty();
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = BEFORE_VALIDATION)
	public void beforeCreate(IBaseResource resource) {
		if (resource instanceof ServiceRequest request && WorkflowCodes.isA(request, WorkflowCodes.REFERRAL)) {
			check(request);
		}
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void afterCreate(IBaseResource resource) {
		if (resource instanceof ServiceRequest request && WorkflowCodes.isA(request, WorkflowCodes.REFERRAL)) {
			createTask(request);
		}
	}

	private void check(ServiceRequest request) {
		String direction = direction(request).orElseThrow(() -> new UnprocessableEntityException(HubMsg.code(5201)
				+ "a referral states its direction (extension " + HubSystems.REFERRAL_DIRECTION_EXTENSION
				+ ", code up or down)"));
		if (units.ofOrganization(request.getPerformerFirstRep().getReference()).isEmpty()) {
			throw new UnprocessableEntityException(HubMsg.code(5202)
					+ "a referral names the receiving member unit's Organization as its performer");
		}
		if (units.ofOrganization(request.getRequester().getReference()).isEmpty()) {
			throw new UnprocessableEntityException(HubMsg.code(5203)
					+ "a referral names the sending member unit's Organization as its requester");
		}
		if ("down".equals(direction) && request.getSupportingInfo().stream().noneMatch(ReferralRequestRule::isCarePlan)) {
			throw new UnprocessableEntityException(HubMsg.code(5204)
					+ "a down-referral carries its follow-up plan: a CarePlan in supportingInfo");
		}
	}

	/**
	 * A CarePlan reference: stored ({@code CarePlan/..}), typed, or, in a transaction Bundle, the urn:uuid of an
	 * entry that is a CarePlan (HAPI's parser links such a reference to the entry's resource).
	 */
	private static boolean isCarePlan(Reference reference) {
		return (reference.getReference() != null && reference.getReference().startsWith("CarePlan/"))
				|| "CarePlan".equals(reference.getType())
				|| reference.getResource() instanceof CarePlan;
	}

	private void createTask(ServiceRequest request) {
		String requestRef = "ServiceRequest/" + request.getIdElement().getIdPart();
		MemberUnit receiver = units.ofOrganization(request.getPerformerFirstRep().getReference()).orElseThrow();
		Task task = WorkflowTasks.requestedFor(request, HubSystems.REFERRAL_TASK_PROFILE, WorkflowCodes.REFERRAL, "双向转诊");
		task.setOwner(new Reference(receiver.reference()).setDisplay(receiver.name()));
		store.create(task);
		log.info("Referral ({}) {} from {} to {}", direction(request).orElse("?"), requestRef,
				request.getRequester().getReference(), receiver.code());
	}
}
