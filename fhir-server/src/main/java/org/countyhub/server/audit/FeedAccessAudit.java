package org.countyhub.server.audit;

import java.util.Date;
import java.util.List;
import org.countyhub.feeds.intake.ReceivedMessages;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;

/**
 * Access records of the feeds' journal: an operator reading a received message (its raw HL7 holds the patient's
 * name, ID card and results) and replaying messages, from the console or the {@code /admin/feeds} endpoints.
 * Shaped like the hub's other records (BALP: the user as requestor, the hub as observer), with the journal entry
 * as the entity, identified by its unit and control id; appended to the hash-chained {@link AuditTrail} (a reading
 * before the content is shown, so a failing trail refuses it; a replay with the answer it got).
 */
@Component
public class FeedAccessAudit {

	/** The {@code action} column of a reading of a message. */
	public static final String READ = "feed-message-read";
	/** The {@code action} column of a replay. */
	public static final String REPLAY = "feed-message-replay";

	private static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";

	private final AuditTrail trail;

	FeedAccessAudit(AuditTrail trail) {
		this.trail = trail;
	}

	/** The operator {@code actor} reads the entry ({@code channel}: {@code console} or {@code api}). */
	public void read(String actor, ReceivedMessages.Entry entry, String channel) {
		append(actor, entry, channel, READ, "read a received HL7 v2 message", AuditEvent.AuditEventAction.R, null);
	}

	/** The operator {@code actor} replays the entry; {@code ackCode} what the replay answered (null: not yet). */
	public void replayed(String actor, ReceivedMessages.Entry entry, String channel, String ackCode) {
		append(actor, entry, channel, REPLAY, "replayed a received HL7 v2 message", AuditEvent.AuditEventAction.E,
				ackCode);
	}

	private void append(String actor, ReceivedMessages.Entry entry, String channel, String action, String display,
			AuditEvent.AuditEventAction kind, String ackCode) {
		AuditEvent event = new AuditEvent();
		event.setType(new Coding(DCM, "110106", "Export"));
		event.addSubtype(HubAuditEvents.hubEvent(action, display));
		event.setAction(kind);
		event.setRecorded(new Date());
		boolean refused = ackCode != null && !"AA".equals(ackCode);
		event.setOutcome(refused ? AuditEvent.AuditEventOutcome._4 : AuditEvent.AuditEventOutcome._0);
		if (ackCode != null) {
			event.setOutcomeDesc("the replay was answered " + ackCode);
		}
		event.addAgent()
				.setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/extra-security-role-type",
						"humanuser", "human user")))
				.setWho(new Reference().setIdentifier(new Identifier().setValue(actor)).setDisplay(actor))
				.setRequestor(true)
				.addPolicy("channel:" + channel);
		event.getSource().setObserver(new Reference().setDisplay("county-hub"))
				.addType(new Coding("http://terminology.hl7.org/CodeSystem/security-source-type", "4",
						"Application Server"));
		event.addEntity()
				.setWhat(new Reference().setIdentifier(new Identifier()
						.setSystem(HubSystems.FEED_SOURCE + entry.unit())
						.setValue(entry.controlId())).setDisplay("hub_feed_message " + entry.id()))
				.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object"))
				.setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "4", "Domain Resource"))
				.setName(entry.messageType());
		trail.append(List.of(new AuditTrail.Entry(event, null, actor, entry.unit(), action,
				event.getOutcome().toCode(), null)));
	}
}
