package org.countyhub.server.publichealth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.countyhub.server.publichealth.CaseMessages.admissionWithDiagnosis;
import static org.countyhub.server.publichealth.CaseMessages.idCard;
import static org.countyhub.server.publichealth.CaseMessages.labResult;
import static org.countyhub.server.publichealth.CaseMessages.unique;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.ProducerTemplate;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.support.HubServerTest;
import org.countyhub.server.support.TestClock;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 24 on the embedded database: the story (see {@link NotifiableDiseaseStory}), and a positive HIV confirmatory
 * result drafting a 乙类 card; cholera's 2 h deadline flagged and escalated once passed (clock set, never waited for)
 * and counted in the figures; a 退卡 with its reason; a 订正 that keeps the chain to the first card.
 */
class NotifiableDiseaseOnH2Test extends HubServerTest implements NotifiableDiseaseStory {

	@Autowired
	private TestClock clock;

	@Autowired
	private ProducerTemplate camel;

	@Override
	public IGenericClient client() {
		return client;
	}

	@AfterEach
	void resetClock() {
		clock.reset();
	}

	@Test
	void eightSendersDiagnosingInfluenzaAtOnceDraftOneCardPerPersonAndNakNothing() throws Exception {
		int senders = 8;
		String[] cards = new String[senders];
		ExecutorService pool = Executors.newFixedThreadPool(senders);
		try {
			List<Future<List<String>>> acks = new ArrayList<>();
			for (int s = 0; s < senders; s++) {
				cards[s] = idCard();
				String card = cards[s];
				String mrn = unique("M");
				acks.add(pool.submit(() -> {
					List<String> codes = new ArrayList<>();
					// the same person's diagnosis twice, under two control ids
					for (int i = 0; i < 2; i++) {
						codes.add(send(admissionWithDiagnosis("WSY01", unique("C"), mrn, card, "吴^流感", "J11.100",
								"流行性感冒", Instant.now().minus(1, ChronoUnit.HOURS), "F")).code());
					}
					return codes;
				}));
			}
			for (Future<List<String>> f : acks) {
				assertThat(f.get()).containsOnly("AA");
			}
		} finally {
			pool.shutdownNow();
		}
		for (String card : cards) {
			assertThat(NotifiableDiseaseStory.code(onlyCardOf(card), "disease")).isEqualTo("influenza");
		}
	}

	@Test
	void aPositiveHivConfirmatoryResultDraftsAConfirmedClassBCardAtTheLab() {
		String card = idCard();
		assertAck(send(labResult(unique("C"), unique("M"), card, "HIVQZ", "HIV抗体确证试验", "阳性",
				Instant.now().minus(2, ChronoUnit.HOURS))));
		QuestionnaireResponse draft = onlyCardOf(card);
		assertThat(NotifiableDiseaseStory.code(draft, "disease")).isEqualTo("hiv");
		assertThat(NotifiableDiseaseStory.code(draft, "disease-class")).isEqualTo("B");
		assertThat(NotifiableDiseaseStory.code(draft, "case-class")).isEqualTo("confirmed");
		assertThat(NotifiableDiseaseStory.text(draft, "reporting-unit")).isEqualTo("示范县人民医院");
		assertThat(NotifiableDiseaseStory.evidence(draft)).singleElement().asString().startsWith("Observation/");

		// a negative result of the same test is no case
		String negative = idCard();
		assertAck(send(labResult(unique("C"), unique("M"), negative, "HIVQZ", "HIV抗体确证试验", "阴性", Instant.now())));
		assertThat(cardsOf(negative)).isEmpty();
	}

	@Test
	void choleraIsDueInTwoHoursAndAnOverdueDraftIsFlaggedEscalatedAndCounted() throws Exception {
		String card = idCard();
		Instant diagnosed = Instant.parse("2026-12-01T00:00:00Z");
		assertAck(send(admissionWithDiagnosis("WSY02", unique("C"), unique("M"), card, "周^强", "A00.9", "霍乱",
				diagnosed, "W")));
		QuestionnaireResponse draft = onlyCardOf(card);
		assertThat(NotifiableDiseaseStory.code(draft, "disease-class")).isEqualTo("A");
		assertThat(NotifiableDiseaseStory.code(draft, "case-class")).isEqualTo("suspected");
		Task task = taskOf(draft);
		assertThat(task.getRestriction().getPeriod().getEnd().toInstant()).isEqualTo(diagnosed.plus(2, ChronoUnit.HOURS));

		clock.set(diagnosed.plus(119, ChronoUnit.MINUTES));
		camel.sendBody("direct:public-health-overdue", null);
		assertThat(taskOf(draft).hasBusinessStatus()).isFalse();

		clock.set(diagnosed.plus(121, ChronoUnit.MINUTES));
		camel.sendBody("direct:public-health-overdue", null);
		Task overdue = taskOf(draft);
		assertThat(overdue.getBusinessStatus().getText()).isEqualTo("逾期未报");
		assertThat(overdue.getPriority()).isEqualTo(Task.TaskPriority.URGENT);
		assertThat(overdue.getRestriction().getRecipient()).extracting(Reference::getReference)
				.containsExactly("Organization/SFXYGT");
		camel.sendBody("direct:public-health-overdue", null);
		assertThat(taskOf(draft).getRestriction().getRecipient()).hasSize(1);

		HttpResponse<String> figures = get("/public-health/figures?month=2026-12&unit=WSY02", Roles.BUREAU_ANALYST);
		assertThat(figures.statusCode()).isEqualTo(200);
		assertThat(figures.body()).containsPattern("\"disease\"\\s*:\\s*\"cholera\"")
				.containsPattern("\"diseaseClassName\"\\s*:\\s*\"甲类\"")
				.containsPattern("\"overdueOpen\"\\s*:\\s*[1-9]");
		HttpResponse<String> csv = get("/public-health/figures.csv?month=2026-12&unit=WSY02", Roles.PUBLIC_HEALTH_OFFICER);
		assertThat(csv.body()).startsWith("\uFEFFmonth,unit,unit_name,disease").contains("WSY02,");
		assertThat(get("/public-health/figures?month=2026-12", Roles.CLINICIAN).statusCode()).isEqualTo(403);
	}

	@Test
	void aDiagnosisWrittenOverRestIsWithdrawnWithItsReasonAndAConfirmedOneCorrectedAsANewLinkedCard() {
		Reference patient = registeredAt("WSY01");
		client.create().resource(diagnosis(patient, "B05.900", "麻疹")).execute();
		QuestionnaireResponse measles = onlyCard(patient);
		assertThat(NotifiableDiseaseStory.code(measles, "disease")).isEqualTo("measles");

		assertThatThrownBy(() -> withdraw(measles, " "))
				.isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getMessage()).contains("HUB-5763"));
		QuestionnaireResponse withdrawn = withdraw(measles, "排除麻疹，诊断为药疹");
		assertThat(withdrawn.getStatus()).isEqualTo(QuestionnaireResponse.QuestionnaireResponseStatus.ENTEREDINERROR);
		assertThat(NotifiableDiseaseStory.text(withdrawn, "withdrawal-reason")).isEqualTo("排除麻疹，诊断为药疹");
		Task cancelled = taskOf(withdrawn);
		assertThat(cancelled.getStatus()).isEqualTo(Task.TaskStatus.CANCELLED);
		assertThat(cancelled.getStatusReason().getText()).isEqualTo("排除麻疹，诊断为药疹");

		Reference other = registeredAt("WSY01");
		client.create().resource(diagnosis(other, "B06.900", "风疹")).execute();
		QuestionnaireResponse rubella = onlyCard(other);
		String firstId = rubella.getIdElement().getIdPart();
		confirm(officer("WSY01"), firstId);

		// 订正: it was measles after all
		QuestionnaireResponse correction = new QuestionnaireResponse();
		correction.addItem().setLinkId("disease").addAnswer()
				.setValue(new Coding(HubSystems.NOTIFIABLE_DISEASE, "measles", null));
		QuestionnaireResponse corrected = officer("WSY01").operation()
				.onInstance("QuestionnaireResponse/" + firstId).named("$correct-report")
				.withParameter(Parameters.class, "response", correction)
				.returnResourceType(QuestionnaireResponse.class).execute();
		assertThat(corrected.getIdElement().getIdPart()).isNotEqualTo(firstId);
		assertThat(NotifiableDiseaseStory.code(corrected, "report-type")).isEqualTo("correction");
		assertThat(NotifiableDiseaseStory.code(corrected, "disease")).isEqualTo("measles");
		assertThat(NotifiableDiseaseStory.answer(corrected, "replaces")).isInstanceOfSatisfying(Reference.class,
				r -> assertThat(r.getReference()).isEqualTo("QuestionnaireResponse/" + firstId));
		assertThat(NotifiableDiseaseStory.text(corrected, "card-number"))
				.isEqualTo(NotifiableDiseaseStory.text(rubella, "card-number"));
		QuestionnaireResponse first = client.read().resource(QuestionnaireResponse.class).withId(firstId).execute();
		assertThat(first.getStatus()).isEqualTo(QuestionnaireResponse.QuestionnaireResponseStatus.AMENDED);
		Task task = taskOf(corrected);
		assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
		assertThat(task.getReasonCode().getCodingFirstRep().getCode()).isEqualTo("measles");
	}

	private QuestionnaireResponse withdraw(QuestionnaireResponse card, String reason) {
		return officer("WSY01").operation().onInstance("QuestionnaireResponse/" + card.getIdElement().getIdPart())
				.named("$withdraw-report").withParameter(Parameters.class, "reason", new StringType(reason))
				.returnResourceType(QuestionnaireResponse.class).execute();
	}

	/** A patient registered at the unit by its HIS (with a diagnosis that is not notifiable). */
	private Reference registeredAt(String unit) {
		String card = idCard();
		assertAck(send(admissionWithDiagnosis(unit, unique("C"), unique("M"), card, "吴^敏", "I10.x00", "高血压",
				Instant.now(), "F")));
		List<String> ids = client.search().forResource(Patient.class)
				.where(Patient.IDENTIFIER.exactly().systemAndIdentifier(HubSystems.RESIDENT_ID_CARD, card))
				.returnBundle(Bundle.class).execute().getEntry().stream()
				.map(e -> "Patient/" + e.getResource().getIdElement().getIdPart()).toList();
		assertThat(ids).hasSize(1);
		return new Reference(ids.get(0));
	}

	private QuestionnaireResponse onlyCard(Reference patient) {
		List<QuestionnaireResponse> cards = client.search().forResource(QuestionnaireResponse.class)
				.where(QuestionnaireResponse.SUBJECT.hasId(patient.getReference()))
				.returnBundle(Bundle.class).execute().getEntry().stream()
				.map(e -> (QuestionnaireResponse) e.getResource()).toList();
		assertThat(cards).hasSize(1);
		return cards.get(0);
	}

	private static Condition diagnosis(Reference patient, String code, String name) {
		Condition diagnosis = new Condition();
		diagnosis.addIdentifier().setSystem(HubSystems.unitIdentifierSystem("WSY01", "diagnosis")).setValue(unique("DX"));
		diagnosis.setVerificationStatus(new CodeableConcept(new Coding(HubSystems.CONDITION_VERIFICATION, "confirmed", null)));
		diagnosis.addCategory(new CodeableConcept(new Coding(HubSystems.CONDITION_CATEGORY, "encounter-diagnosis", null)));
		diagnosis.setCode(new CodeableConcept(new Coding(HubSystems.ICD10_CN_CLINICAL, code, name)));
		diagnosis.setSubject(patient);
		diagnosis.setRecordedDateElement(new org.hl7.fhir.r4.model.DateTimeType(java.util.Date.from(Instant.now())));
		return diagnosis;
	}

	private HttpResponse<String> get(String path, String role) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
				.header("Authorization", "Bearer " + tokenAs(List.of(role))).GET().build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}
}
