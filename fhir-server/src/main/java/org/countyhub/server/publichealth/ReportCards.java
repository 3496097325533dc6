package org.countyhub.server.publichealth;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.recognition.results.PersonRecords;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseStatus;
import org.hl7.fhir.r4.model.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The report cards in the store: one card per person (all the person's unit Patients), disease and episode. A
 * trigger without a current card drafts one with its Task; a trigger within the episode of a current card (a second
 * unit's diagnosis, a later positive result, the same record sent again) is evidence on that card, which also
 * takes a stronger case classification while it is a draft.
 */
@Component
class ReportCards {

	private static final Logger log = LoggerFactory.getLogger(ReportCards.class);
	private static final Set<QuestionnaireResponseStatus> CURRENT =
			EnumSet.of(QuestionnaireResponseStatus.INPROGRESS, QuestionnaireResponseStatus.COMPLETED);

	private final WorkflowStore store;
	private final PersonRecords persons;
	private final Clock clock;
	private final PublicHealthProperties properties;

	ReportCards(WorkflowStore store, PersonRecords persons, Clock clock, PublicHealthProperties properties) {
		this.store = store;
		this.persons = persons;
		this.clock = clock;
		this.properties = properties;
	}

	void record(CaseTrigger trigger) {
		Optional<QuestionnaireResponse> current = currentCard(persons.linkedPatients(trigger.subject()), trigger);
		if (current.isPresent()) {
			attach(current.get(), trigger);
			return;
		}
		Patient patient = store.read(Patient.class, trigger.subject());
		QuestionnaireResponse card = ReportCardDraft.of(trigger, patient, clock, properties.zone());
		String cardRef = "QuestionnaireResponse/" + store.create(card).getIdPart();
		String taskId = store.create(ReportDeadlines.open(cardRef, trigger, clock)).getIdPart();
		log.info("Report card draft {} ({}) for unit {}, due {}, task {}", cardRef, trigger.disease().code(),
				trigger.unit().code(), ReportDeadlines.due(trigger.disease(), trigger.diagnosedAt()), taskId);
	}

	private Optional<QuestionnaireResponse> currentCard(Set<String> personPatients, CaseTrigger trigger) {
		ReferenceOrListParam subjects = new ReferenceOrListParam();
		personPatients.forEach(p -> subjects.addOr(new ReferenceParam(p)));
		SearchParameterMap map = new SearchParameterMap();
		map.add(QuestionnaireResponse.SP_SUBJECT, subjects);
		Duration episode = Duration.ofDays(trigger.disease().episodeDays());
		return store.search(QuestionnaireResponse.class, map).stream()
				.filter(ReportCards::isCard)
				.filter(card -> CURRENT.contains(card.getStatus()))
				.filter(card -> ReportCardFields.coding(card, ReportCardFields.DISEASE)
						.map(c -> trigger.disease().code().equals(c.getCode())).orElse(false))
				.filter(card -> diagnosedAt(card).map(at -> Duration.between(at, trigger.diagnosedAt()).abs()
						.compareTo(episode) <= 0).orElse(false))
				.findFirst();
	}

	private void attach(QuestionnaireResponse card, CaseTrigger trigger) {
		boolean changed = ReportCardFields.addReference(card, ReportCardFields.EVIDENCE, trigger.evidence());
		Optional<CaseClass> recorded = ReportCardFields.coding(card, ReportCardFields.CASE_CLASS)
				.map(Coding::getCode).map(CaseClass::of);
		if (card.getStatus() == QuestionnaireResponseStatus.INPROGRESS && stronger(trigger.caseClass(), recorded)) {
			ReportCardFields.set(card, ReportCardFields.CASE_CLASS, ReportCardDraft.caseClass(trigger.caseClass()));
			changed = true;
		}
		if (changed) {
			card.setId(card.getIdElement().toVersionless());
			store.update(card, null);
			log.info("Report card {}: evidence {} attached", card.getIdElement().getIdPart(), trigger.evidence());
		}
	}

	/** 疑似 < 临床诊断 < 确诊; a carrier's classification changes only by the officer. */
	private static boolean stronger(CaseClass candidate, Optional<CaseClass> recorded) {
		if (recorded.isEmpty()) {
			return true;
		}
		return candidate != CaseClass.CARRIER && recorded.get() != CaseClass.CARRIER
				&& candidate.ordinal() > recorded.get().ordinal();
	}

	/** The card's Task (report-card-task whose focus is the card). */
	Optional<Task> taskOf(String cardReference) {
		SearchParameterMap map = new SearchParameterMap();
		map.add(Task.SP_FOCUS, new ReferenceParam(cardReference));
		map.add(Task.SP_CODE, new TokenParam(HubSystems.WORKFLOW, ReportDeadlines.WORKFLOW));
		List<Task> tasks = store.search(Task.class, map);
		return tasks.stream().findFirst();
	}

	static boolean isCard(QuestionnaireResponse response) {
		return HubSystems.REPORT_CARD_QUESTIONNAIRE.equals(response.getQuestionnaire());
	}

	static Optional<Instant> diagnosedAt(QuestionnaireResponse card) {
		return ReportCardFields.answer(card, ReportCardFields.DIAGNOSIS_DATE)
				.filter(DateTimeType.class::isInstance).map(v -> ((DateTimeType) v).getValue().toInstant());
	}
}
