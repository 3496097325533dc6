package org.countyhub.server.prescription;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.ReferenceParam;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;

/**
 * The screening's findings as {@code DetectedIssue} resources: the v3 ActCode of the finding kind (DUPTHPY, DRG,
 * ALGY, DOSEH, DOSEHINDA, AGE, PREG) with the Chinese name as text, the severity, the order and the other order
 * involved as {@code implicated}, an allergy as {@code evidence}, the Chinese detail, and the formulary rule that
 * fired as {@code reference} ({@link HubSystems#FORMULARY_RULE}). An amended order's earlier findings are cancelled.
 */
@Component
class DetectedIssues {

	private final WorkflowStore store;
	private final Clock clock;

	DetectedIssues(WorkflowStore store, Clock clock) {
		this.store = store;
		this.clock = clock;
	}

	void record(MedicationRequest order, List<ScreeningHit> hits) {
		String reference = "MedicationRequest/" + order.getIdElement().getIdPart();
		for (ScreeningHit hit : hits) {
			DetectedIssue issue = new DetectedIssue();
			issue.setStatus(DetectedIssue.DetectedIssueStatus.FINAL);
			issue.setCode(new CodeableConcept(new Coding(HubSystems.V3_ACT_CODE, hit.kind().actCode(), null))
					.setText(hit.kind().display()));
			issue.setSeverity(DetectedIssue.DetectedIssueSeverity.fromCode(hit.severity()));
			issue.setPatient(order.getSubject().copy());
			issue.setIdentified(new DateTimeType(Date.from(clock.instant())));
			issue.addImplicated(new Reference(reference));
			if (hit.otherOrder() != null) {
				issue.addImplicated(new Reference(hit.otherOrder()).setDisplay(hit.otherUnitName()));
			}
			if (hit.evidence() != null) {
				issue.addEvidence().addDetail(new Reference(hit.evidence()));
			}
			issue.setDetail(hit.detail());
			issue.setReference(HubSystems.FORMULARY_RULE + "/" + hit.rule());
			store.create(issue);
		}
	}

	/** The findings still standing for an order. */
	List<DetectedIssue> of(String orderReference) {
		SearchParameterMap map = new SearchParameterMap();
		map.add(DetectedIssue.SP_IMPLICATED, new ReferenceParam(orderReference));
		// DetectedIssue has no status search parameter in R4
		return store.search(DetectedIssue.class, map).stream()
				.filter(i -> i.getStatus() == DetectedIssue.DetectedIssueStatus.FINAL)
				.filter(i -> orderReference.equals(i.getImplicatedFirstRep().getReference()))
				.toList();
	}

	/** The earlier findings of an amended order no longer stand. */
	void supersede(String orderReference) {
		for (DetectedIssue issue : of(orderReference)) {
			issue.setId(issue.getIdElement().toVersionless());
			issue.setStatus(DetectedIssue.DetectedIssueStatus.CANCELLED);
			store.update(issue, null);
		}
	}
}
