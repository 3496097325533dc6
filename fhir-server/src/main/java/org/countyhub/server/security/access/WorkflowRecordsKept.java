package org.countyhub.server.security.access;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.util.Set;
import org.countyhub.profiles.HubMsg;
import org.countyhub.server.security.token.HubCaller;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.workflow.ActingUnit;
import org.countyhub.server.workflow.StorageRule;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Component;

/**
 * The workflows' records (Task, Provenance, Appointment, Slot) are never deleted through the API except by the
 * system admin: deleting a referral's Provenance and then its Task would otherwise get round the state machine.
 * Checked at storage, so a delete inside a transaction or a conditional delete is caught too.
 */
@Component
@Interceptor
public class WorkflowRecordsKept implements StorageRule {

	static final Set<String> KEPT = Set.of("Task", "Provenance", "Appointment", "Slot");

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
	public void beforeDelete(IBaseResource resource, RequestDetails request) {
		String type = resource.fhirType();
		if (!KEPT.contains(type) || ActingUnit.isInternal(request)) {
			return;
		}
		if (!HubCaller.current().map(caller -> caller.hasRole(Roles.SYSTEM_ADMIN)).orElse(false)) {
			throw new ForbiddenOperationException(HubMsg.code(5410) + type + " records of the workflows are kept;"
					+ " only the system admin deletes one (cancel it instead)");
		}
	}
}
