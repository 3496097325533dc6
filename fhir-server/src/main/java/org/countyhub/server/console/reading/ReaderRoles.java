package org.countyhub.server.console.reading;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.util.Optional;
import org.countyhub.server.console.ConsoleUser;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.springframework.stereotype.Component;

/**
 * Who the signed-in reader is at the acting centre: their PractitionerRole there (a claim names it). Found
 * through the hub's API from the sign-in's {@code fhirUser}: the role itself, or the Practitioner's active role at
 * the unit.
 */
@OnEmbeddedSignIn
@Component
class ReaderRoles {

	Optional<String> of(IGenericClient fhir, ConsoleUser user) {
		String fhirUser = user.fhirUser();
		if (fhirUser == null || user.actingUnit() == null) {
			return Optional.empty();
		}
		if (fhirUser.startsWith("PractitionerRole/")) {
			return Optional.of(fhirUser);
		}
		if (!fhirUser.startsWith("Practitioner/")) {
			return Optional.empty();
		}
		Bundle roles = fhir.search().forResource(PractitionerRole.class)
				.where(PractitionerRole.PRACTITIONER.hasId(fhirUser))
				.and(PractitionerRole.ORGANIZATION.hasId("Organization/" + user.actingUnit()))
				.and(PractitionerRole.ACTIVE.exactly().code("true"))
				.returnBundle(Bundle.class).execute();
		return roles.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(PractitionerRole.class::isInstance)
				.map(r -> "PractitionerRole/" + r.getIdElement().getIdPart()).findFirst();
	}
}
