package org.countyhub.server.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.countyhub.server.feeds.FeedMessages.adt;
import static org.countyhub.server.feeds.FeedMessages.diagnosesAndAllergy;
import static org.countyhub.server.feeds.FeedMessages.idCard;
import static org.countyhub.server.feeds.FeedMessages.unique;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * Diagnoses (DG1) and allergies (AL1) of a county hospital's HIS, end to end on each database (the implementing
 * classes): over a real MLLP socket into Conditions and an AllergyIntolerance that a clinician finds by patient and
 * by code, in the person's whole history and in the patient summary; an A08 in GB18030 that finalises one diagnosis and deletes the
 * other updates the same records.
 */
interface DiagnosesAndAllergiesSuite {

	IGenericClient client();

	int mllpPort();

	String baseUrl();


	String DIAGNOSIS_KEYS = HubSystems.unitIdentifierSystem("XRMYY", "diagnosis");

	@Test
	default void admissionWithTwoDiagnosesAndAnAllergyIsSearchableInTheHistoryAndInTheSummary() {
		String mrn = unique("M");
		String card = idCard();
		String visit = unique("V");
		MllpClient.Ack ack = send(adt("A01", "XRMYY", unique("C"), mrn, card, "王^建国", visit, "UNICODE UTF-8")
				+ diagnosesAndAllergy(), StandardCharsets.UTF_8);
		assertThat(ack.code()).as(ack.text()).isEqualTo("AA");
		String patient = idOf(one(Patient.class, HubSystems.unitPatientNumber("XRMYY"), mrn));

		List<Condition> conditions = search(Condition.class, "Condition?patient=" + patient);
		assertThat(conditions).hasSize(2);
		Condition diabetes = only(search(Condition.class,
				"Condition?patient=" + patient + "&code=" + HubSystems.ICD10_CN_CLINICAL + "|E11.900"));
		assertThat(diabetes.getCode().getCoding()).extracting(c -> c.getSystem() + "|" + c.getCode()).containsExactly(
				HubSystems.unitCodeSystem("XRMYY", "icd-10") + "|E11.901", HubSystems.ICD10_CN_CLINICAL + "|E11.900");
		assertThat(diabetes.getCode().getText()).isEqualTo("2型糖尿病");
		assertThat(diabetes.getRecorder().getDisplay()).isEqualTo("李医生");
		assertThat(diabetes.getRecordedDateElement().getValueAsString()).startsWith("2025-03-01T10:00");
		assertThat(diabetes.getMeta().getProfile()).extracting(p -> p.getValue())
				.contains(HubSystems.ENCOUNTER_DIAGNOSIS_PROFILE);
		Condition hypertension = only(search(Condition.class, "Condition?code=" + HubSystems.ICD10_CN_CLINICAL
				+ "|I10.x00&identifier=" + DIAGNOSIS_KEYS + "|" + visit + "-2"));
		assertThat(only(search(Condition.class, "Condition?patient=" + patient + "&category=encounter-diagnosis"
				+ "&code=" + HubSystems.unitCodeSystem("XRMYY", "icd-10") + "|E11.901")).getIdElement().getIdPart())
				.isEqualTo(diabetes.getIdElement().getIdPart());

		Encounter encounter = one(Encounter.class, HubSystems.unitIdentifierSystem("XRMYY", "visit"), visit);
		assertThat(diabetes.getEncounter().getReference()).isEqualTo(idOf(encounter));
		assertThat(encounter.getDiagnosis()).extracting(d -> d.getCondition().getReference())
				.containsExactly(idOf(diabetes), idOf(hypertension));
		assertThat(encounter.getDiagnosis()).extracting(d -> d.getUse().getCodingFirstRep().getCode())
				.containsExactly("AD", "AD");

		AllergyIntolerance penicillin = only(search(AllergyIntolerance.class, "AllergyIntolerance?patient=" + patient
				+ "&code=" + HubSystems.unitCodeSystem("XRMYY", "allergen") + "|Z001"));
		assertThat(penicillin.getCode().getText()).isEqualTo("青霉素");
		assertThat(penicillin.getCriticality()).isEqualTo(AllergyIntolerance.AllergyIntoleranceCriticality.HIGH);
		assertThat(penicillin.getCategory()).extracting(c -> c.getValue())
				.containsExactly(AllergyIntolerance.AllergyIntoleranceCategory.MEDICATION);
		assertThat(penicillin.getReactionFirstRep().getManifestation()).extracting(m -> m.getText())
				.containsExactly("皮疹", "呼吸困难");
		assertThat(penicillin.getMeta().getProfile()).extracting(p -> p.getValue()).contains(HubSystems.ALLERGY_PROFILE);

		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			assertThat(ids(fetch(patient + "/$history-across-units?category=diagnosis")))
					.containsExactlyInAnyOrder(idOf(diabetes), idOf(hypertension));
			assertThat(ids(fetch(patient + "/$history-across-units?category=allergy"))).containsExactly(idOf(penicillin));
			assertThat(ids(fetch(patient + "/$history-across-units"))).contains(idOf(diabetes), idOf(penicillin));
			assertThat(ids(fetch(patient + "/$summary"))).contains(idOf(diabetes), idOf(hypertension), idOf(penicillin));
		});

		// The discharge: an A08 in GB18030 finalises the diabetes (its date erased by ""), deletes the hypertension
		// (DG1-21 D) and repeats the allergy without its severity
		String update = adt("A08", "XRMYY", unique("C"), mrn, card, "王^建国", visit, "GB 18030-2000")
				+ "DG1|1||E11.901^2型糖尿病^I10||\"\"|F|||||||||1|1001^李^医生\r"
				+ "DG1|2||I10.x00^高血压^I10|||A|||||||||||||||D\r"
				+ "AL1|1|DA|Z001^青霉素^LOCAL|\"\"\r";
		MllpClient.Ack updated = send(update, Charset.forName("GB18030"));
		assertThat(updated.code()).as(updated.text()).isEqualTo("AA");

		assertThat(search(Condition.class, "Condition?patient=" + patient)).hasSize(2);
		Condition finalDiabetes = client().read().resource(Condition.class).withId(diabetes.getIdElement().getIdPart()).execute();
		assertThat(finalDiabetes.getVerificationStatus().getCodingFirstRep().getCode()).isEqualTo("confirmed");
		assertThat(finalDiabetes.hasRecordedDate()).isFalse();
		assertThat(finalDiabetes.getRecorder().getDisplay()).isEqualTo("李医生");
		Condition deleted = client().read().resource(Condition.class).withId(hypertension.getIdElement().getIdPart()).execute();
		assertThat(deleted.getVerificationStatus().getCodingFirstRep().getCode()).isEqualTo("entered-in-error");
		assertThat(deleted.hasClinicalStatus()).isFalse();
		Encounter discharged = one(Encounter.class, HubSystems.unitIdentifierSystem("XRMYY", "visit"), visit);
		assertThat(discharged.getDiagnosis()).extracting(d -> d.getCondition().getReference())
				.containsExactly(idOf(diabetes));
		assertThat(discharged.getDiagnosisFirstRep().getUse().getCodingFirstRep().getCode()).isEqualTo("DD");
		AllergyIntolerance stillThere = only(search(AllergyIntolerance.class, "AllergyIntolerance?patient=" + patient));
		assertThat(stillThere.hasCriticality()).isFalse();
		assertThat(stillThere.getReactionFirstRep().getManifestation()).hasSize(2);

		List<String> summary = ids(fetch(patient + "/$summary"));
		assertThat(summary).contains(idOf(diabetes), idOf(penicillin));
		assertThat(summary).doesNotContain(idOf(hypertension));
	}

	@Test
	default void aDiagnosisWrittenOverRestIsHeldToTheGuideWhileAProblemListEntryIsNot() {
		String mrn = unique("M");
		MllpClient.Ack ack = send(adt("A04", "XRMYY", unique("C"), mrn, idCard(), "刘^备", "", "UNICODE UTF-8"),
				StandardCharsets.UTF_8);
		assertThat(ack.code()).as(ack.text()).isEqualTo("AA");
		Reference patient = new Reference(idOf(one(Patient.class, HubSystems.unitPatientNumber("XRMYY"), mrn)));

		Condition diagnosis = new Condition();
		diagnosis.addIdentifier().setSystem(DIAGNOSIS_KEYS).setValue(unique("DX"));
		diagnosis.setVerificationStatus(new CodeableConcept(new Coding(HubSystems.CONDITION_VERIFICATION, "confirmed", null)));
		diagnosis.addCategory(new CodeableConcept(new Coding(HubSystems.CONDITION_CATEGORY, "encounter-diagnosis", null)));
		diagnosis.setCode(new CodeableConcept(new Coding(HubSystems.ICD10_CN_CLINICAL, "E11.900", "2型糖尿病")));
		diagnosis.setSubject(patient);
		String accepted = client().create().resource(diagnosis).execute().getId().toUnqualifiedVersionless().getValue();
		assertThat(client().read().resource(Condition.class).withUrl(accepted).execute().getMeta().getProfile())
				.extracting(p -> p.getValue()).contains(HubSystems.ENCOUNTER_DIAGNOSIS_PROFILE);

		// a name where the national edition's code belongs
		diagnosis.getIdentifierFirstRep().setValue(unique("DX"));
		diagnosis.setCode(new CodeableConcept(new Coding(HubSystems.ICD10_CN_CLINICAL, "2型糖尿病", null)));
		assertThatThrownBy(() -> client().create().resource(diagnosis).execute())
				.isInstanceOfSatisfying(UnprocessableEntityException.class, e -> assertThat(
						((OperationOutcome) e.getOperationOutcome()).getIssue().stream()
								.filter(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR)
								.map(i -> i.getDiagnostics()).toList())
						.anyMatch(d -> d.contains("HUB-1101") && d.contains("hub-dx-2")));

		Condition problem = new Condition();
		problem.setClinicalStatus(new CodeableConcept(new Coding(HubSystems.CONDITION_CLINICAL, "active", null)));
		problem.addCategory(new CodeableConcept(new Coding(HubSystems.CONDITION_CATEGORY, "problem-list-item", null)));
		problem.setCode(new CodeableConcept().setText("高血压病史"));
		problem.setSubject(patient);
		String stored = client().create().resource(problem).execute().getId().toUnqualifiedVersionless().getValue();
		assertThat(client().read().resource(Condition.class).withUrl(stored).execute().getMeta().getProfile())
				.extracting(p -> p.getValue()).doesNotContain(HubSystems.ENCOUNTER_DIAGNOSIS_PROFILE);
	}

	private MllpClient.Ack send(String message, Charset charset) {
		try (MllpClient mllp = new MllpClient(mllpPort())) {
			return mllp.send(message, charset);
		}
	}

	private Bundle fetch(String relative) {
		return client().fetchResourceFromUrl(Bundle.class, baseUrl() + "/fhir/" + relative.replace("|", "%7C"));
	}

	private <T extends Resource> List<T> search(Class<T> type, String relative) {
		return fetch(relative).getEntry().stream().map(e -> e.getResource()).filter(type::isInstance).map(type::cast)
				.toList();
	}

	private <T extends Resource> T one(Class<T> type, String system, String value) {
		return only(search(type, type.getSimpleName() + "?identifier=" + system + "|" + value));
	}

	private static <T> T only(List<T> found) {
		assertThat(found).hasSize(1);
		return found.get(0);
	}

	private static List<String> ids(Bundle bundle) {
		return bundle.getEntry().stream().map(e -> e.getResource()).filter(r -> r != null)
				.map(DiagnosesAndAllergiesSuite::idOf).toList();
	}

	private static String idOf(Resource resource) {
		return resource.getIdElement().toUnqualifiedVersionless().getValue();
	}
}
