package org.countyhub.server.audit;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;

/**
 * The hub's own access records, shaped like HAPI's BALP ones (type {@code rest}, the user and client agents, the
 * hub as observer, the patient as entity): refusals and break-glass grants.
 */
@Component
public class HubAuditEvents {

	static final String EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type";
	static final String INTERACTION = "http://hl7.org/fhir/restful-interaction";
	public static final String HUB_EVENTS = "https://countyhub.org/fhir/CodeSystem/access-event";

	private final HubAuditContext context;

	HubAuditEvents(HubAuditContext context) {
		this.context = context;
	}

	/** An event of this request about this Patient record (may be null), with its outcome. */
	public AuditEvent event(RequestDetails request, Coding subtype, AuditEvent.AuditEventAction action,
			String patient, AuditEvent.AuditEventOutcome outcome, String outcomeText) {
		AuditEvent event = common(new Coding(EVENT_TYPE, "rest", "Restful Operation"), subtype, action, outcome,
				outcomeText);
		event.addAgent()
				.setType(new CodeableConcept(new Coding("http://dicom.nema.org/resources/ontology/DCM", "110153",
						"Source Role ID")))
				.setWho(context.getAgentClientWho(request))
				.setRequestor(false)
				.setNetwork(new AuditEvent.AuditEventAgentNetworkComponent()
						.setAddress(request == null ? null : context.getNetworkAddress(request))
						.setType(AuditEvent.AuditEventAgentNetworkType._2));
		event.addAgent()
				.setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/extra-security-role-type",
						"humanuser", "human user")))
				.setWho(context.getAgentUserWho(request))
				.setRequestor(true);
		if (patient != null) {
			event.addEntity()
					.setWhat(new Reference(patient))
					.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person"))
					.setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient"));
		}
		if (request != null && request.getCompleteUrl() != null) {
			event.addEntity()
					.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2",
							"System Object"))
					.setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "24", "Query"))
					.setQuery(request.getCompleteUrl().getBytes(StandardCharsets.UTF_8));
		}
		return event;
	}

	/**
	 * What every record of the hub has (a FHIR request's, a sign-in's, a feed message's, a download's, a purge's):
	 * type and subtype, action, outcome, the hub as observer; the caller adds the agents and entities.
	 */
	public static AuditEvent common(Coding type, Coding subtype, AuditEvent.AuditEventAction action,
			AuditEvent.AuditEventOutcome outcome, String outcomeText) {
		AuditEvent event = new AuditEvent();
		event.setType(type);
		if (subtype != null) {
			event.addSubtype(subtype);
		}
		event.setAction(action);
		event.setRecorded(new Date());
		event.setOutcome(outcome);
		if (outcomeText != null) {
			event.setOutcomeDesc(outcomeText);
		}
		event.getSource().setObserver(new Reference().setDisplay("county-hub"))
				.addType(new Coding(SOURCE_TYPE, "4", "Application Server"));
		return event;
	}

	/**
	 * An agent named by an identifier: a person (human user) or an application (an OAuth client, a unit's system),
	 * from a network address (may be null).
	 */
	public static void addAgent(AuditEvent event, boolean person, String system, String value, String address,
			boolean requestor) {
		Coding type = person
				? new Coding("http://terminology.hl7.org/CodeSystem/extra-security-role-type", "humanuser", "human user")
				: new Coding(DCM, "110150", "Application");
		AuditEvent.AuditEventAgentComponent agent = event.addAgent()
				.setType(new CodeableConcept(type))
				.setWho(new Reference().setIdentifier(new org.hl7.fhir.r4.model.Identifier().setSystem(system)
						.setValue(value)).setDisplay(value))
				.setRequestor(requestor);
		if (address != null) {
			agent.setNetwork(new AuditEvent.AuditEventAgentNetworkComponent().setAddress(address)
					.setType(AuditEvent.AuditEventAgentNetworkType._2));
		}
	}

	static final String SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";
	public static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";

	public static Coding interaction(String code) {
		return new Coding(INTERACTION, code, null);
	}

	public static Coding hubEvent(String code, String display) {
		return new Coding(HUB_EVENTS, code, display);
	}
}
