package org.countyhub.server.publichealth;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.countyhub.county.MemberUnit;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.workflow.ActingUnit;
import org.countyhub.server.workflow.StorageRule;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * 传染病自动发现: every stored diagnosis (Condition) and result (Observation), from the feeds or FHIR REST, is judged
 * against the catalogue before its transaction commits; a notifiable one drafts a report card or adds evidence to the
 * person's current card ({@link ReportCards}), in the same transaction. Judging is in memory; only a match reads
 * the store. Off with {@code hub.public-health.enabled=false}.
 */
@Component
@Interceptor
@ConditionalOnProperty(prefix = "hub.public-health", name = "enabled", havingValue = "true", matchIfMissing = true)
public class CaseDetection implements StorageRule {

	private static final Set<Observation.ObservationStatus> RESULTED = EnumSet.of(Observation.ObservationStatus.FINAL,
			Observation.ObservationStatus.AMENDED, Observation.ObservationStatus.CORRECTED);

	private final NotifiableDiseaseCatalogue catalogue;
	private final ReportCards cards;
	private final WorkflowStore store;
	private final ActingUnit units;
	private final Clock clock;

	CaseDetection(NotifiableDiseaseCatalogue catalogue, ReportCards cards, WorkflowStore store, ActingUnit units,
			Clock clock) {
		this.catalogue = catalogue;
		this.cards = cards;
		this.store = store;
		this.units = units;
		this.clock = clock;
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		judge(resource);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource) {
		judge(resource);
	}

	private void judge(IBaseResource resource) {
		Optional<CaseTrigger> trigger = resource instanceof Condition condition ? diagnosis(condition)
				: resource instanceof Observation observation ? result(observation) : Optional.empty();
		trigger.ifPresent(cards::record);
	}

	private Optional<CaseTrigger> diagnosis(Condition condition) {
		if (condition.getVerificationStatus().hasCoding(HubSystems.CONDITION_VERIFICATION, "entered-in-error")
				|| condition.getVerificationStatus().hasCoding(HubSystems.CONDITION_VERIFICATION, "refuted")
				|| !isPatient(condition.getSubject())) {
			return Optional.empty();
		}
		Optional<NotifiableDiseaseCatalogue.DiagnosisMatch> match =
				catalogue.diagnosis(condition.getCode(), CaseDetection::isIcd10);
		if (match.isEmpty()) {
			return Optional.empty();
		}
		Patient patient = store.read(Patient.class, condition.getSubject().getReference());
		Optional<MemberUnit> unit = units.ofOrganization(patient.getManagingOrganization().getReference());
		if (unit.isEmpty()) {
			return Optional.empty();
		}
		CaseClass caseClass = match.get().carrier() ? CaseClass.CARRIER
				: condition.getVerificationStatus().hasCoding(HubSystems.CONDITION_VERIFICATION, "confirmed")
						? CaseClass.CLINICAL
						: CaseClass.SUSPECTED;
		Instant at = condition.hasRecordedDate() ? condition.getRecordedDate().toInstant()
				: condition.hasOnsetDateTimeType() ? condition.getOnsetDateTimeType().getValue().toInstant()
				: clock.instant();
		String doctor = condition.getRecorder().hasDisplay() ? condition.getRecorder().getDisplay()
				: condition.getAsserter().hasDisplay() ? condition.getAsserter().getDisplay() : null;
		return Optional.of(new CaseTrigger(match.get().disease(), caseClass,
				"Condition/" + condition.getIdElement().getIdPart(), condition.getSubject().getReference(), unit.get(),
				at, condition.hasOnsetDateTimeType() ? condition.getOnsetDateTimeType().getValue() : null, doctor));
	}

	private Optional<CaseTrigger> result(Observation observation) {
		if (!RESULTED.contains(observation.getStatus()) || !isPatient(observation.getSubject())) {
			return Optional.empty();
		}
		Optional<NotifiableDiseaseCatalogue.ResultMatch> match = catalogue.result(observation, HubSystems.LOINC);
		if (match.isEmpty()) {
			return Optional.empty();
		}
		Optional<MemberUnit> unit = observation.getPerformer().stream()
				.map(p -> units.ofOrganization(p.getReference())).flatMap(Optional::stream).findFirst()
				.or(() -> units.ofOrganization(store.read(Patient.class, observation.getSubject().getReference())
						.getManagingOrganization().getReference()));
		if (unit.isEmpty()) {
			return Optional.empty();
		}
		Instant at = observation.hasEffectiveDateTimeType() ? observation.getEffectiveDateTimeType().getValue().toInstant()
				: observation.hasIssued() ? observation.getIssued().toInstant() : clock.instant();
		return Optional.of(new CaseTrigger(match.get().disease(), match.get().trigger().caseClass(),
				"Observation/" + observation.getIdElement().getIdPart(), observation.getSubject().getReference(),
				unit.get(), at, null, null));
	}

	private static boolean isPatient(Reference subject) {
		return subject.hasReference() && subject.getReference().startsWith("Patient/");
	}

	/** The national clinical edition, or a unit's own ICD-10 edition ({@code .../unit/<code>/CodeSystem/icd-10}). */
	private static boolean isIcd10(String system) {
		return HubSystems.ICD10_CN_CLINICAL.equals(system)
				|| (system.startsWith(HubSystems.CANONICAL_BASE + "/unit/") && system.endsWith("/CodeSystem/icd-10"));
	}
}
