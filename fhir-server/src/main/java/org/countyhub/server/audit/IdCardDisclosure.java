package org.countyhub.server.audit;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.countyhub.profiles.HubMsg;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.access.AccessDecision;
import org.countyhub.server.access.PersonAccess;
import org.countyhub.server.rest.FhirOperationProvider;
import org.countyhub.server.security.token.HubCaller;
import org.countyhub.server.security.token.Roles;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/**
 * {@code POST Patient/{id}/$reveal-id-card}: the full 身份证号 of a record the caller may see, for a clinical role,
 * each time recorded as its own access (id-card-revealed, 查看完整身份证号). Screens show the number masked; a
 * clinician who needs it (to check it against the card in hand, to fill a form) asks, and the patient's list of
 * accesses shows who did.
 */
@Component
class IdCardDisclosure implements FhirOperationProvider {

	private final PersonAccess access;
	private final AccessRecorder recorder;
	private final HubAuditEvents events;
	private final DaoRegistry daos;

	IdCardDisclosure(PersonAccess access, AccessRecorder recorder, HubAuditEvents events, DaoRegistry daos) {
		this.access = access;
		this.recorder = recorder;
		this.events = events;
		this.daos = daos;
	}

	@Operation(name = "$reveal-id-card", typeName = "Patient")
	public Parameters reveal(@IdParam IdType id, RequestDetails request) {
		HubCaller caller = HubCaller.current().filter(c -> c.roles().stream().anyMatch(Roles.CLINICAL::contains))
				.orElseThrow(() -> new ForbiddenOperationException(HubMsg.code(5840)
						+ "the full ID card number is shown to one of the roles " + Roles.CLINICAL));
		String patient = "Patient/" + id.getIdPart();
		Patient record;
		try {
			record = (Patient) daos.getResourceDao(Patient.class).read(new IdType(patient), new SystemRequestDetails());
		} catch (ResourceNotFoundException e) {
			throw new ResourceNotFoundException(HubMsg.code(5841) + patient + " is not known");
		}
		AccessDecision decision = access.decide(caller, patient);
		if (!decision.allows()) {
			recorder.record(events.event(request, HubAuditEvents.hubEvent("id-card-revealed", "查看完整身份证号"),
					AuditEvent.AuditEventAction.R, patient, AuditEvent.AuditEventOutcome._4,
					"refused: " + decision.rule().code()), decision.rule());
			// the same answer as for an unknown record: a refusal does not confirm that the record exists
			throw new ResourceNotFoundException(HubMsg.code(5841) + patient + " is not known");
		}
		recorder.record(events.event(request, HubAuditEvents.hubEvent("id-card-revealed", "查看完整身份证号"),
				AuditEvent.AuditEventAction.R, patient, AuditEvent.AuditEventOutcome._0, null), decision.rule());
		Parameters answer = new Parameters();
		record.getIdentifier().stream().filter(i -> HubSystems.RESIDENT_ID_CARD.equals(i.getSystem()) && i.hasValue())
				.findFirst().ifPresent(number -> answer.addParameter().setName("identifier")
						.setValue(new Identifier().setSystem(number.getSystem()).setValue(number.getValue())));
		return answer;
	}
}
