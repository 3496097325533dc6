package org.countyhub.server.prescription;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.EnumSet;
import java.util.Set;
import org.countyhub.profiles.HubMsg;
import org.countyhub.server.workflow.StorageRule;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationDispense.MedicationDispenseStatus;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Only an approved prescription is dispensed: a MedicationDispense being prepared or handed out (preparation,
 * in-progress, completed) whose authorizing prescription is not active (held for review, returned, cancelled) is
 * refused with 409 HUB-5880; one naming a prescription the hub does not hold with 422 HUB-5881.
 */
@Component
@Interceptor
@ConditionalOnProperty(prefix = "hub.prescriptions", name = "enabled", havingValue = "true", matchIfMissing = true)
public class DispensingRule implements StorageRule {

	private static final Set<MedicationDispenseStatus> DISPENSING = EnumSet.of(MedicationDispenseStatus.PREPARATION,
			MedicationDispenseStatus.INPROGRESS, MedicationDispenseStatus.COMPLETED);

	private final WorkflowStore store;

	DispensingRule(WorkflowStore store) {
		this.store = store;
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = BEFORE_VALIDATION)
	public void beforeCreate(IBaseResource resource) {
		check(resource);
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = BEFORE_VALIDATION)
	public void beforeUpdate(IBaseResource previous, IBaseResource resource) {
		check(resource);
	}

	private void check(IBaseResource resource) {
		if (!(resource instanceof MedicationDispense dispense) || !DISPENSING.contains(dispense.getStatus())) {
			return;
		}
		for (Reference authorizing : dispense.getAuthorizingPrescription()) {
			MedicationRequest order = authorizing.getResource() instanceof MedicationRequest inBundle ? inBundle
					: store.resolve(MedicationRequest.class, authorizing).orElseThrow(() ->
							new UnprocessableEntityException(HubMsg.code(5881) + "authorizing prescription "
									+ authorizing.getReference() + " is not held by the hub"));
			if (order.getStatus() != MedicationRequest.MedicationRequestStatus.ACTIVE
					&& order.getStatus() != MedicationRequest.MedicationRequestStatus.COMPLETED) {
				throw new ResourceVersionConflictException(HubMsg.code(5880) + "prescription "
						+ authorizing.getReference() + " is " + order.getStatus().toCode() + " and cannot be dispensed:"
						+ " only a prescription the pre-review centre approved (active) is dispensed");
			}
		}
	}
}
