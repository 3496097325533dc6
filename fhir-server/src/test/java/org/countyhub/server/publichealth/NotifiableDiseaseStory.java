package org.countyhub.server.publichealth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.countyhub.server.publichealth.CaseMessages.admissionWithDiagnosis;
import static org.countyhub.server.publichealth.CaseMessages.idCard;
import static org.countyhub.server.publichealth.CaseMessages.unique;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import org.apache.camel.ProducerTemplate;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.audit.AuditTrail;
import org.countyhub.server.config.HubProperties;
import org.countyhub.server.feeds.MllpClient;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.support.OfficialValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Type;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContext;

/**
 * Issue 24's story on each database (see the implementing classes): a township centre's HIS registers a patient
 * with pulmonary tuberculosis (DG1 A15.0) over a real MLLP socket; the centre's 防保科 finds a draft 报告卡 with the
 * patient's data and a 24 h deadline; two days later the county hospital diagnoses the same person (same ID card,
 * another record): evidence on the same card, no second one; the first message delivered again changes nothing; a
 * non-notifiable diagnosis drafts nothing; the officer confirms, and the card is in the export exactly once however
 * often the export runs.
 */
interface NotifiableDiseaseStory {

	IGenericClient client();

	int mllpPort();

	ApplicationContext context();

	String tokenAs(List<String> roles, String... units);

	IGenericClient clientWith(String token);

	@Test
	default void aTownshipTuberculosisDiagnosisIsDraftedOnceConfirmedAndExportedOnce() {
		String card = idCard();
		Instant diagnosed = Instant.now().minus(49, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
		String first = admissionWithDiagnosis("WSY01", unique("C"), unique("M"), card, "赵^卫东", "A15.0", "肺结核",
				diagnosed, "F");
		assertAck(send(first));

		QuestionnaireResponse draft = onlyCardOf(card);
		assertThat(draft.getStatus()).isEqualTo(QuestionnaireResponse.QuestionnaireResponseStatus.INPROGRESS);
		assertThat(text(draft, "patient-name")).isEqualTo("赵卫东");
		assertThat(text(draft, "id-number")).isEqualTo(card);
		assertThat(code(draft, "gender")).isEqualTo("female");
		assertThat(text(draft, "birth-date")).isEqualTo("1980-01-15");
		assertThat(text(draft, "phone")).isEqualTo("13800138000");
		assertThat(text(draft, "address")).contains("解放路12号");
		assertThat(code(draft, "case-class")).isEqualTo("clinical");
		assertThat(code(draft, "disease")).isEqualTo("tuberculosis");
		assertThat(code(draft, "disease-class")).isEqualTo("B");
		assertThat(text(draft, "reporting-unit")).isEqualTo("城关镇卫生院");
		assertThat(text(draft, "reporting-doctor")).contains("王");
		assertThat(evidence(draft)).hasSize(1).allMatch(e -> e.startsWith("Condition/"));
		Task task = taskOf(draft);
		assertThat(task.getOwner().getReference()).isEqualTo("Organization/WSY01");
		assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
		assertThat(task.getRestriction().getPeriod().getStart().toInstant()).isEqualTo(diagnosed);
		assertThat(Duration.between(task.getRestriction().getPeriod().getStart().toInstant(),
				task.getRestriction().getPeriod().getEnd().toInstant())).isEqualTo(Duration.ofHours(24));

		// the county hospital, two days later, under its own record of the same person
		assertAck(send(admissionWithDiagnosis("XRMYY", unique("C"), unique("M"), card, "赵^卫东", "A15.000", "肺结核",
				diagnosed.plus(2, ChronoUnit.DAYS), "F")));
		QuestionnaireResponse same = onlyCardOf(card);
		assertThat(same.getIdElement().getIdPart()).isEqualTo(draft.getIdElement().getIdPart());
		assertThat(evidence(same)).hasSize(2);

		// the first message again: nothing new
		assertAck(send(first));
		assertThat(evidence(onlyCardOf(card))).hasSize(2);

		// hypertension is not notifiable
		String other = idCard();
		assertAck(send(admissionWithDiagnosis("WSY01", unique("C"), unique("M"), other, "孙^立", "I10.x00", "高血压",
				diagnosed, "F")));
		assertThat(cardsOf(other)).isEmpty();

		// only the card's unit's 防保科 confirms
		String cardId = draft.getIdElement().getIdPart();
		assertThatThrownBy(() -> confirm(clientWith(tokenAs(List.of(Roles.CLINICIAN), "WSY01")), cardId))
				.isInstanceOfSatisfying(ForbiddenOperationException.class,
						e -> assertThat(e.getMessage()).contains("HUB-5406"));
		assertThatThrownBy(() -> confirm(clientWith(tokenAs(List.of(Roles.PUBLIC_HEALTH_OFFICER), "XRMYY")), cardId))
				.isInstanceOfSatisfying(ForbiddenOperationException.class,
						e -> assertThat(e.getMessage()).contains("HUB-5761"));
		QuestionnaireResponse confirmed = confirm(officer("WSY01"), cardId);
		assertThat(confirmed.getStatus()).isEqualTo(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
		assertThat(taskOf(confirmed).getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
		// the card answers the guide's Questionnaire: stored without the validation's failed-profile tag
		assertThat(confirmed.getMeta().getTag()).noneMatch(t -> HubSystems.VALIDATION_TAG.equals(t.getSystem()));

		String number = text(confirmed, "card-number");
		runExport();
		runExport();
		assertThat(exportedRowsWith(number, ".csv")).isEqualTo(1);
		assertThat(exportedRowsWith("\"value\": \"" + number + "\"", ".json")).isEqualTo(1);
		List<DocumentReference> records = client().search().forResource(DocumentReference.class)
				.withTag(HubSystems.WORKFLOW, "notifiable-report").returnBundle(Bundle.class).execute()
				.getEntry().stream().map(e -> (DocumentReference) e.getResource())
				.filter(d -> d.getContext().getRelated().stream()
						.anyMatch(r -> ("QuestionnaireResponse/" + cardId).equals(r.getReference())))
				.toList();
		assertThat(records).hasSize(1);
		// the hand-off is in the patient's access records, once, with where it went (issue 21)
		List<AuditTrail.Row> handOffs = context().getBean(AuditTrail.class)
				.aboutPatients(List.of(confirmed.getSubject().getReference())).stream()
				.filter(r -> "report-card-export".equals(r.action())).toList();
		assertThat(handOffs).hasSize(1);
		assertThat(handOffs.get(0).actor()).isEqualTo("county-hub");
		assertThat(handOffs.get(0).unit()).isEqualTo("WSY01");
		assertThat(handOffs.get(0).event()).contains("QuestionnaireResponse/" + cardId, "110106", "report-cards-");
		IBaseResource handOff = FhirContext.forR4Cached().newJsonParser().parseResource(handOffs.get(0).event());
		assertThat(new OfficialValidator().judge(List.of(handOff), "report-card-hand-off").errors()).isEmpty();
	}

	// ---- helpers ----

	default IGenericClient officer(String unit) {
		return clientWith(tokenAs(List.of(Roles.PUBLIC_HEALTH_OFFICER), unit));
	}

	default MllpClient.Ack send(String message) {
		try (MllpClient mllp = new MllpClient(mllpPort())) {
			return mllp.send(message, StandardCharsets.UTF_8);
		}
	}

	default void assertAck(MllpClient.Ack ack) {
		assertThat(ack.code()).as(ack.text()).isEqualTo("AA");
	}

	/** The cards of every record (at any unit) of the person with this ID card. */
	default List<QuestionnaireResponse> cardsOf(String idCard) {
		List<String> patients = client().search().forResource(Patient.class)
				.where(Patient.IDENTIFIER.exactly().systemAndIdentifier(HubSystems.RESIDENT_ID_CARD, idCard))
				.returnBundle(Bundle.class).execute().getEntry().stream()
				.map(e -> "Patient/" + e.getResource().getIdElement().getIdPart()).toList();
		assertThat(patients).isNotEmpty();
		return client().search().forResource(QuestionnaireResponse.class)
				.where(QuestionnaireResponse.SUBJECT.hasAnyOfIds(patients))
				.returnBundle(Bundle.class).execute().getEntry().stream()
				.map(e -> (QuestionnaireResponse) e.getResource())
				.filter(r -> HubSystems.REPORT_CARD_QUESTIONNAIRE.equals(r.getQuestionnaire()))
				.toList();
	}

	default QuestionnaireResponse onlyCardOf(String idCard) {
		List<QuestionnaireResponse> cards = cardsOf(idCard);
		assertThat(cards).hasSize(1);
		return cards.get(0);
	}

	default Task taskOf(QuestionnaireResponse card) {
		List<Task> tasks = client().search().forResource(Task.class)
				.where(Task.FOCUS.hasId("QuestionnaireResponse/" + card.getIdElement().getIdPart()))
				.returnBundle(Bundle.class).execute().getEntry().stream().map(e -> (Task) e.getResource()).toList();
		assertThat(tasks).hasSize(1);
		return tasks.get(0);
	}

	default QuestionnaireResponse confirm(IGenericClient as, String cardId) {
		return as.operation().onInstance("QuestionnaireResponse/" + cardId).named("$confirm-report")
				.withNoParameters(org.hl7.fhir.r4.model.Parameters.class).returnResourceType(QuestionnaireResponse.class)
				.execute();
	}

	default void runExport() {
		context().getBean(ProducerTemplate.class).sendBody("direct:public-health-export", null);
	}

	/** How many lines of the exported files of this kind contain the text. */
	default long exportedRowsWith(String text, String suffix) {
		Path outbox = context().getBean(HubProperties.class).dataDir().resolve("public-health/outbox");
		try (Stream<Path> files = Files.list(outbox)) {
			return files.filter(f -> f.toString().endsWith(suffix)).flatMap(f -> {
				try {
					return Files.readAllLines(f, StandardCharsets.UTF_8).stream();
				} catch (IOException e) {
					throw new UncheckedIOException(e);
				}
			}).filter(line -> line.contains(text)).count();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static Type answer(QuestionnaireResponse card, String linkId) {
		return card.getItem().stream().filter(i -> linkId.equals(i.getLinkId())).findFirst()
				.map(i -> i.getAnswerFirstRep().getValue()).orElse(null);
	}

	static String text(QuestionnaireResponse card, String linkId) {
		Type value = answer(card, linkId);
		return value == null ? null : value.primitiveValue();
	}

	static String code(QuestionnaireResponse card, String linkId) {
		Type value = answer(card, linkId);
		return value instanceof Coding coding ? coding.getCode() : null;
	}

	static List<String> evidence(QuestionnaireResponse card) {
		return card.getItem().stream().filter(i -> "evidence".equals(i.getLinkId()))
				.flatMap(i -> i.getAnswer().stream()).map(a -> ((Reference) a.getValue()).getReference()).toList();
	}
}
