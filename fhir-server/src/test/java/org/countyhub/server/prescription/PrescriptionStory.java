package org.countyhub.server.prescription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.countyhub.server.prescription.PrescriptionMessages.idCard;
import static org.countyhub.server.prescription.PrescriptionMessages.pharmacyOrder;
import static org.countyhub.server.prescription.PrescriptionMessages.registration;
import static org.countyhub.server.prescription.PrescriptionMessages.unique;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.feeds.MllpClient;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.support.OfficialValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Timing;
import org.junit.jupiter.api.Test;

/**
 * Issue 25's story on each database (see the implementing classes): a person takes nifedipine prescribed at the
 * county hospital (FHIR REST); the township centre's HIS sends a prescription of two drugs over MLLP (RDE^O11) with
 * the patient's penicillin allergy (AL1): amlodipine, a duplicate of the county's nifedipine (same ATC subgroup),
 * and amoxicillin. Both are screened (DetectedIssue naming the county hospital's prescription; an allergy finding),
 * held, and a review Task waits at the pre-review centre. Dispensing before approval is refused; the pharmacist
 * returns it (重复给药); the township cancels amlodipine, replaces amoxicillin by azithromycin, resubmits; the
 * pharmacist approves with a note; the township dispenses. The first message delivered again creates nothing.
 * Everything stored passes the HL7 validator.
 */
interface PrescriptionStory {

	IGenericClient client();

	int mllpPort();

	String tokenAs(List<String> roles, String... units);

	IGenericClient clientWith(String token);

	@Test
	default void aTownshipPrescriptionIsScreenedAcrossUnitsHeldReturnedAmendedApprovedAndDispensed() {
		Instant storyStart = Instant.now().minusSeconds(1);
		String card = idCard();
		assertAck(send(registration("XRMYY", unique("M"), card, "孙^丽", "19580302", "F", null)));
		Reference countyRecord = patientAt(card, "XRMYY");
		MedicationRequest nifedipine = clinician("XRMYY").create().resource(order(countyRecord, "XRMYY",
				"nifedipine-tab-30", "硝苯地平控释片", 30, "QD")).execute().getResource() instanceof MedicationRequest m
						? m : null;
		assertThat(nifedipine).isNotNull();
		// the county hospital is not a reviewed unit: its prescription is active at once
		assertThat(nifedipine.getStatus()).isEqualTo(MedicationRequest.MedicationRequestStatus.ACTIVE);
		String nifedipineRef = "MedicationRequest/" + nifedipine.getIdElement().getIdPart();

		String rx = unique("RX");
		String amlodipine = unique("P");
		String amoxicillin = unique("P");
		String mrn = unique("M");
		String first = pharmacyOrder("WSY01", unique("C"), mrn, card, "孙^丽", "19580302", rx, "青霉素",
				new PrescriptionMessages.Line("NW", amlodipine, "YP0302", "氨氯地平片5mg", "5", "QD"),
				new PrescriptionMessages.Line("NW", amoxicillin, "YP0101", "阿莫西林胶囊0.25g", "500", "TID"));
		assertAck(send(first));

		Reference township = patientAt(card, "WSY01");
		List<MedicationRequest> orders = ordersOf(township);
		assertThat(orders).hasSize(2).allSatisfy(o -> {
			assertThat(o.getStatus()).isEqualTo(MedicationRequest.MedicationRequestStatus.ONHOLD);
			assertThat(o.getGroupIdentifier().getValue()).isEqualTo(rx);
		});
		MedicationRequest amlodipineOrder = byPlacer(orders, amlodipine);
		MedicationRequest amoxicillinOrder = byPlacer(orders, amoxicillin);
		assertThat(amlodipineOrder.getMedicationCodeableConcept().getCoding())
				.anySatisfy(c -> assertThat(c.getCode()).isEqualTo("amlodipine-tab-5"));

		DetectedIssue duplicate = onlyIssue(amlodipineOrder, "DUPTHPY");
		assertThat(duplicate.getImplicated()).extracting(Reference::getReference).contains(nifedipineRef);
		assertThat(duplicate.getDetail()).contains("示范县人民医院").contains("硝苯地平控释片").contains("C08CA");
		assertThat(duplicate.getReference()).isEqualTo(HubSystems.FORMULARY_RULE + "/duplicate/atc:C08CA");
		DetectedIssue allergy = onlyIssue(amoxicillinOrder, "ALGY");
		assertThat(allergy.getSeverity()).isEqualTo(DetectedIssue.DetectedIssueSeverity.HIGH);
		assertThat(allergy.getDetail()).contains("青霉素");

		Task review = reviewOf(amlodipineOrder);
		assertThat(review.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
		assertThat(review.getOwner().getReference()).isEqualTo("Organization/XRMYY");
		assertThat(review.getRequester().getReference()).isEqualTo("Organization/WSY01");
		assertThat(review.getInput()).hasSize(2);
		assertThat(review.getRestriction().getPeriod().getEnd()).isAfter(review.getAuthoredOn());

		// the township pharmacy cannot hand out a held prescription
		IGenericClient townshipPharmacy = clientWith(tokenAs(List.of(Roles.PHARMACIST), "WSY01"));
		assertThatThrownBy(() -> townshipPharmacy.create().resource(dispense(amoxicillinOrder)).execute())
				.isInstanceOfSatisfying(ResourceVersionConflictException.class,
						e -> assertThat(e.getMessage()).contains("HUB-5880"));

		// the pre-review centre returns it; a township pharmacist cannot decide
		IGenericClient centre = clientWith(tokenAs(List.of(Roles.PHARMACIST), "XRMYY"));
		String taskId = review.getIdElement().getIdPart();
		assertThatThrownBy(() -> decide(townshipPharmacy, taskId, "$approve-prescription", new Parameters()))
				.hasMessageContaining("HUB-5871");
		Parameters giveBack = new Parameters();
		giveBack.addParameter("reason", new CodeType("duplicate"));
		giveBack.addParameter("reason", new CodeType("allergy"));
		giveBack.addParameter("note", new StringType("与县医院硝苯地平重复；患者青霉素过敏"));
		Task returned = decide(centre, taskId, "$return-prescription", giveBack);
		assertThat(returned.getStatus()).isEqualTo(Task.TaskStatus.ONHOLD);
		assertThat(returned.getOwner().getReference()).isEqualTo("Organization/WSY01");
		assertThat(returned.getOutput()).hasSize(2);

		// the township amends: amlodipine cancelled, amoxicillin replaced by azithromycin, and resubmits
		assertAck(send(pharmacyOrder("WSY01", unique("C"), mrn, card, "孙^丽", "19580302", rx, null,
				new PrescriptionMessages.Line("CA", amlodipine, "YP0302", "氨氯地平片5mg", "5", "QD"),
				new PrescriptionMessages.Line("XO", amoxicillin, "YP0103", "阿奇霉素片0.25g", "500", "QD"))));
		MedicationRequest azithromycin = read(amoxicillinOrder);
		assertThat(azithromycin.getStatus()).isEqualTo(MedicationRequest.MedicationRequestStatus.ONHOLD);
		assertThat(read(amlodipineOrder).getStatus()).isEqualTo(MedicationRequest.MedicationRequestStatus.CANCELLED);
		assertThat(standingIssues(azithromycin)).isEmpty();
		Task resubmitted = decide(clinician("WSY01"), taskId, "$resubmit-prescription", new Parameters());
		assertThat(resubmitted.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
		assertThat(resubmitted.getOwner().getReference()).isEqualTo("Organization/XRMYY");

		Parameters note = new Parameters();
		note.addParameter("note", new StringType("饭后服用"));
		Task approved = decide(centre, taskId, "$approve-prescription", note);
		assertThat(approved.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
		assertThat(approved.getBusinessStatus().getText()).isEqualTo("附意见通过");
		assertThat(approved.getExecutionPeriod().hasEnd()).isTrue();
		MedicationRequest active = read(amoxicillinOrder);
		assertThat(active.getStatus()).isEqualTo(MedicationRequest.MedicationRequestStatus.ACTIVE);
		assertThat(active.getNote()).anySatisfy(n -> assertThat(n.getText()).contains("饭后服用"));
		assertThat(read(amlodipineOrder).getStatus()).isEqualTo(MedicationRequest.MedicationRequestStatus.CANCELLED);

		MedicationDispense handedOut = (MedicationDispense) townshipPharmacy.create().resource(dispense(active))
				.execute().getResource();
		assertThat(handedOut.getStatus()).isEqualTo(MedicationDispense.MedicationDispenseStatus.COMPLETED);

		// the first message delivered again changes nothing
		int issues = issuesOf(township).size();
		assertAck(send(first));
		assertThat(ordersOf(township)).hasSize(2);
		assertThat(issuesOf(township)).hasSize(issues);
		assertThat(read(amoxicillinOrder).getStatus()).isEqualTo(MedicationRequest.MedicationRequestStatus.ACTIVE);

		OfficialValidator.Verdict verdict = new OfficialValidator().judge(OfficialValidator.storedSince(client(),
				storyStart, List.of("MedicationRequest", "DetectedIssue", "Task", "MedicationDispense",
						"AllergyIntolerance")), "prescription-story-" + getClass().getSimpleName());
		assertThat(verdict.judged()).isGreaterThan(6);
		assertThat(verdict.errors()).isEmpty();
	}

	// ---- helpers ----

	default IGenericClient clinician(String unit) {
		return clientWith(tokenAs(List.of(Roles.CLINICIAN), unit));
	}

	default MllpClient.Ack send(String message) {
		try (MllpClient mllp = new MllpClient(mllpPort())) {
			return mllp.send(message, StandardCharsets.UTF_8);
		}
	}

	default void assertAck(MllpClient.Ack ack) {
		assertThat(ack.code()).as(ack.text()).isEqualTo("AA");
	}

	/** The person's record at one unit. */
	default Reference patientAt(String idCard, String unit) {
		List<String> ids = client().search().forResource(Patient.class)
				.where(Patient.IDENTIFIER.exactly().systemAndIdentifier(HubSystems.RESIDENT_ID_CARD, idCard))
				.and(Patient.ORGANIZATION.hasId("Organization/" + unit))
				.returnBundle(Bundle.class).execute().getEntry().stream()
				.map(e -> "Patient/" + e.getResource().getIdElement().getIdPart()).toList();
		assertThat(ids).hasSize(1);
		return new Reference(ids.get(0));
	}

	static MedicationRequest order(Reference patient, String unit, String drug, String name, double mg,
			String frequency) {
		MedicationRequest order = new MedicationRequest();
		order.addIdentifier().setSystem(HubSystems.unitIdentifierSystem(unit, "prescription-order"))
				.setValue(unique("O"));
		order.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
		order.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
		order.setMedication(new CodeableConcept(new Coding(HubSystems.FORMULARY_DRUG, drug, name)));
		order.setSubject(patient);
		order.setAuthoredOn(new java.util.Date());
		order.setRequester(new Reference("Organization/" + unit));
		order.addDosageInstruction().setTiming(new Timing().setCode(new CodeableConcept(new Coding(
						"http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation", frequency, null))))
				.addDoseAndRate().setDose(new Quantity().setValue(BigDecimal.valueOf(mg)).setUnit("mg")
						.setSystem(HubSystems.UCUM).setCode("mg"));
		return order;
	}

	default List<MedicationRequest> ordersOf(Reference patient) {
		return client().search().forResource(MedicationRequest.class)
				.where(MedicationRequest.SUBJECT.hasId(patient.getReference()))
				.returnBundle(Bundle.class).execute().getEntry().stream()
				.map(e -> (MedicationRequest) e.getResource()).toList();
	}

	default MedicationRequest read(MedicationRequest order) {
		return client().read().resource(MedicationRequest.class).withId(order.getIdElement().getIdPart()).execute();
	}

	static MedicationRequest byPlacer(List<MedicationRequest> orders, String placer) {
		return orders.stream().filter(o -> o.getIdentifier().stream().anyMatch(i -> placer.equals(i.getValue())))
				.findFirst().orElseThrow();
	}

	default List<DetectedIssue> issuesOf(Reference patient) {
		return client().search().forResource(DetectedIssue.class)
				.where(DetectedIssue.PATIENT.hasId(patient.getReference()))
				.returnBundle(Bundle.class).execute().getEntry().stream()
				.map(e -> (DetectedIssue) e.getResource()).toList();
	}

	/** The findings still standing for an order (the first implicated). */
	default List<DetectedIssue> standingIssues(MedicationRequest order) {
		String reference = "MedicationRequest/" + order.getIdElement().getIdPart();
		return client().search().forResource(DetectedIssue.class)
				.where(DetectedIssue.IMPLICATED.hasId(reference))
				.returnBundle(Bundle.class).execute().getEntry().stream()
				.map(e -> (DetectedIssue) e.getResource())
				.filter(i -> i.getStatus() == DetectedIssue.DetectedIssueStatus.FINAL)
				.filter(i -> reference.equals(i.getImplicatedFirstRep().getReference()))
				.toList();
	}

	default DetectedIssue onlyIssue(MedicationRequest order, String actCode) {
		List<DetectedIssue> issues = standingIssues(order).stream()
				.filter(i -> i.getCode().getCoding().stream().anyMatch(c -> actCode.equals(c.getCode()))).toList();
		assertThat(issues).as(actCode + " of " + order.getIdElement().getIdPart()).hasSize(1);
		return issues.get(0);
	}

	default Task reviewOf(MedicationRequest order) {
		List<Task> tasks = client().search().forResource(Task.class)
				.where(Task.CODE.exactly().systemAndCode(HubSystems.WORKFLOW, "prescription-review"))
				.and(Task.GROUP_IDENTIFIER.exactly().systemAndIdentifier(order.getGroupIdentifier().getSystem(),
						order.getGroupIdentifier().getValue()))
				.returnBundle(Bundle.class).execute().getEntry().stream()
				.map(e -> (Task) e.getResource()).toList();
		assertThat(tasks).hasSize(1);
		return tasks.get(0);
	}

	default Task decide(IGenericClient as, String taskId, String operation, Parameters parameters) {
		return as.operation().onInstance("Task/" + taskId).named(operation).withParameters(parameters)
				.returnResourceType(Task.class).execute();
	}

	static MedicationDispense dispense(MedicationRequest order) {
		MedicationDispense dispense = new MedicationDispense();
		dispense.setStatus(MedicationDispense.MedicationDispenseStatus.COMPLETED);
		dispense.setMedication(order.getMedicationCodeableConcept().copy());
		dispense.setSubject(order.getSubject().copy());
		dispense.addAuthorizingPrescription(new Reference("MedicationRequest/" + order.getIdElement().getIdPart()));
		dispense.addPerformer().setActor(new Reference("Organization/WSY01"));
		dispense.setQuantity(new Quantity().setValue(14).setUnit("片"));
		dispense.setWhenHandedOver(new java.util.Date());
		return dispense;
	}
}
