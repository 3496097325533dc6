package org.countyhub.server.validation;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.List;
import org.countyhub.profiles.HubMsg;
import org.countyhub.profiles.HubSystems;
import org.countyhub.profiles.ResidentIdCard;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the ISO 7064 MOD 11-2 check character of every resident ID card number (居民身份证号) on a stored
 * Patient. The guide's FHIRPath invariant checks only the shape; a mistyped digit passes the shape and would link
 * two different people, so the hub refuses it here. Neither the message nor the log contains the number.
 */
@Interceptor
final class ResidentIdCardCheck {

	private static final Logger log = LoggerFactory.getLogger(ResidentIdCardCheck.class);

	private final ValidationMode mode;

	ResidentIdCardCheck(ValidationMode mode) {
		this.mode = mode;
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	void created(org.hl7.fhir.instance.model.api.IBaseResource resource) {
		check(resource);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	void updated(
			org.hl7.fhir.instance.model.api.IBaseResource oldResource,
			org.hl7.fhir.instance.model.api.IBaseResource newResource) {
		check(newResource);
	}

	private void check(org.hl7.fhir.instance.model.api.IBaseResource resource) {
		if (!(resource instanceof Patient patient) || mode == ValidationMode.OFF) {
			return;
		}
		List<Identifier> identifiers = patient.getIdentifier();
		for (int i = 0; i < identifiers.size(); i++) {
			Identifier identifier = identifiers.get(i);
			if (HubSystems.RESIDENT_ID_CARD.equals(identifier.getSystem()) && !ResidentIdCard.isValid(identifier.getValue())) {
				String location = "Patient.identifier[" + i + "].value";
				String problem = location + ": resident ID card number (居民身份证号) is not valid: "
						+ (ResidentIdCard.hasValidShape(identifier.getValue())
								? "its check character does not match ISO 7064 MOD 11-2 (GB 11643)"
								: "it must be 17 digits and a check character (digit or X)");
				if (mode == ValidationMode.WARN) {
					log.warn("Patient {} stored with an invalid resident ID card number at {}",
							patient.getIdElement().getIdPart(), location);
					continue;
				}
				OperationOutcome outcome = new OperationOutcome();
				outcome.addIssue()
						.setSeverity(OperationOutcome.IssueSeverity.ERROR)
						.setCode(OperationOutcome.IssueType.INVALID)
						.setDiagnostics(HubMsg.code(1102) + problem)
						.addLocation(location)
						.addExpression(location);
				throw new UnprocessableEntityException(HubMsg.code(1102) + problem, outcome);
			}
		}
	}
}
