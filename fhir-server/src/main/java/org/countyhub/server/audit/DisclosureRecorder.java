package org.countyhub.server.audit;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;

/**
 * Records what the hub sends out of the county on its own, with no person asking: the daily hand-off of confirmed
 * 传染病报告卡 to 网络直报. One record per record sent (DICOM 110106 Export), naming its patient first (so that the
 * patient's list of accesses shows where the card went), the record itself, the destination and the files; the
 * hub is the agent. Stored before the batch is marked as sent: a record that cannot be stored leaves the batch to
 * be sent (and recorded) again.
 */
@Component
public class DisclosureRecorder {

	private static final Coding EXPORT = new Coding(HubAuditEvents.DCM, "110106", "Export");
	private static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
	private static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";

	/** One record sent: its patient ({@code Patient/12}), the unit it is of, the record ({@code Type/id}). */
	public record Sent(String patient, String unit, String record) {}

	private final AuditTrail trail;

	DisclosureRecorder(AuditTrail trail) {
		this.trail = trail;
	}

	/**
	 * Records one batch: {@code action} names the kind ({@code report-card-export}), {@code destination} where it
	 * went (an endpoint URI; user, password and options are left out), {@code files} the file names.
	 */
	public void sent(String action, String display, List<Sent> records, String destination, List<String> files) {
		String to = withoutSecrets(destination);
		List<AuditTrail.Entry> entries = new ArrayList<>();
		for (Sent sent : records) {
			AuditEvent event = HubAuditEvents.common(EXPORT, HubAuditEvents.hubEvent(action, display),
					AuditEvent.AuditEventAction.R, AuditEvent.AuditEventOutcome._0, null);
			// the hub's scheduled job sent it; the destination received it
			event.addAgent().setType(new CodeableConcept(new Coding(HubAuditEvents.DCM, "110150", "Application")))
					.setWho(new Reference().setDisplay("county-hub")).setRequestor(true);
			event.addAgent().setType(new CodeableConcept(new Coding(HubAuditEvents.DCM, "110152",
							"Destination Role ID")))
					.setWho(new Reference().setDisplay(to)).setRequestor(false);
			if (sent.patient() != null) {
				event.addEntity().setWhat(new Reference(sent.patient()))
						.setType(new Coding(ENTITY_TYPE, "1", "Person"))
						.setRole(new Coding(OBJECT_ROLE, "1", "Patient"));
			}
			event.addEntity().setWhat(new Reference(sent.record()))
					.setType(new Coding(ENTITY_TYPE, "2", "System Object"))
					.setRole(new Coding(OBJECT_ROLE, "3", "Report"))
					.setDescription(String.join(", ", files));
			entries.add(new AuditTrail.Entry(event, sent.patient(), "county-hub", sent.unit(), action, "0", null));
		}
		trail.append(entries);
	}

	/** An endpoint URI without what may be secret: no user or password, no options. */
	static String withoutSecrets(String uri) {
		String plain = uri.indexOf('?') >= 0 ? uri.substring(0, uri.indexOf('?')) : uri;
		int at = plain.lastIndexOf('@');
		if (at < 0) {
			return plain;
		}
		int scheme = plain.indexOf("://");
		int start = scheme >= 0 ? scheme + 3 : plain.indexOf(':') + 1;
		return start > 0 && start <= at ? plain.substring(0, start) + plain.substring(at + 1) : plain;
	}
}
