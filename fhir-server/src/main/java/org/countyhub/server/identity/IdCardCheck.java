package org.countyhub.server.identity;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;

/**
 * Marks every resident ID card identifier of a stored Patient whose check digit is wrong with the extension
 * {@link HubSystems#ID_CARD_CHECK_FAILED}, and unmarks it when the unit sends the corrected number. The number
 * itself is kept as sent (the unit may need to find its record by it); the matcher ignores it
 * ({@link HubMatcherFactory}). Storage-level, so HL7 feed writes are checked as well as REST writes.
 */
@Interceptor
final class IdCardCheck {

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	void created(IBaseResource resource) {
		mark(resource);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	void updated(IBaseResource oldResource, IBaseResource newResource) {
		mark(newResource);
	}

	private static void mark(IBaseResource resource) {
		if (!(resource instanceof Patient patient)) {
			return;
		}
		for (Identifier identifier : patient.getIdentifier()) {
			if (!ResidentIdCard.isIdCard(identifier)) {
				continue;
			}
			identifier.removeExtension(HubSystems.ID_CARD_CHECK_FAILED);
			if (!ResidentIdCard.isValid(identifier.getValue().trim())) {
				identifier.addExtension(HubSystems.ID_CARD_CHECK_FAILED, new BooleanType(true));
			}
		}
	}
}
