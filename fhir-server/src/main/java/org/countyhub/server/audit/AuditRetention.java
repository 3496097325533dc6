package org.countyhub.server.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.countyhub.server.access.AccessPolicy;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Removes the access records older than the county's retention ({@code auditRetentionDays}, at least 180 days;
 * the policy refuses a lower value at start). The chain stays verifiable: the hub keeps the number and hash of the
 * last removed record as a checkpoint the chain now starts from, and appends a purge record naming that checkpoint,
 * so that moving the checkpoint to hide removed records is found by {@code $verify-audit-chain} like any other
 * change.
 */
@Component
public class AuditRetention {

	private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

	private final AuditTrail trail;
	private final AccessPolicy policy;
	private final Clock clock;

	AuditRetention(AuditTrail trail, AccessPolicy policy, Clock clock) {
		this.trail = trail;
		this.policy = policy;
		this.clock = clock;
	}

	/** Removes what is past the retention; returns how many records were removed. */
	public long purge() {
		Instant before = clock.instant().minus(Duration.ofDays(policy.auditRetentionDays()));
		long removed = trail.purge(before, (seq, hash) -> {
			AuditEvent event = HubAuditEvents.common(new Coding(HubAuditEvents.DCM, "110101", "Audit Log Used"),
					HubAuditEvents.hubEvent(AuditTrail.PURGE_ACTION, "access records past retention removed"),
					AuditEvent.AuditEventAction.D, AuditEvent.AuditEventOutcome._0,
					"records up to " + seq + " removed (kept " + policy.auditRetentionDays() + " days)");
			// R4 wants at least one agent: the purge is the hub's own scheduled job, no user asked for it
			event.addAgent()
					.setType(new CodeableConcept(new Coding(HubAuditEvents.DCM, "110150", "Application")))
					.setWho(new Reference().setDisplay("county-hub"))
					.setRequestor(true);
			event.addEntity()
					.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object"))
					.setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "17", "Data Repository"))
					.setName("hub_audit_event")
					.addDetail(new AuditEvent.AuditEventEntityDetailComponent(new StringType(AuditTrail.PURGED_TO),
							new StringType(seq + " " + hash)));
			return new AuditTrail.Entry(event, null, "county-hub", null, AuditTrail.PURGE_ACTION, "0", null);
		});
		if (removed > 0) {
			log.info("Removed {} access records written before {} (retention {} days)", removed, before,
					policy.auditRetentionDays());
		}
		return removed;
	}
}
