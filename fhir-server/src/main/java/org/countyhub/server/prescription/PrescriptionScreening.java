package org.countyhub.server.prescription;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.countyhub.county.MemberUnit;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/**
 * Screens prescriptions: a stored order (the storage rule, {@link PrescriptionRule}) or a set of draft orders not
 * stored (CDS Hooks {@code order-sign}), against the person's records at every unit. An order of a drug the
 * formulary does not know is not screened (it still waits for the pharmacist where the policy holds it).
 */
@Component
class PrescriptionScreening {

	private final WorkflowStore store;
	private final PersonMedications medications;
	private final ScreeningRules rules;
	private final Formulary formulary;
	private final Clock clock;
	private final ZoneId zone;

	PrescriptionScreening(WorkflowStore store, PersonMedications medications, Formulary formulary,
			PrescriptionProperties properties, Clock clock) {
		this.store = store;
		this.medications = medications;
		this.rules = new ScreeningRules(formulary);
		this.formulary = formulary;
		this.clock = clock;
		this.zone = properties.zone();
	}

	/** The findings for a stored order of a stored Patient. */
	List<ScreeningHit> screen(MedicationRequest order) {
		Optional<Formulary.Drug> drug = formulary.drug(order.getMedicationCodeableConcept());
		if (drug.isEmpty() || !order.getSubject().hasReference()
				|| !order.getSubject().getReference().startsWith("Patient/")) {
			return List.of();
		}
		Patient patient = store.read(Patient.class, order.getSubject().getReference());
		ScreeningRules.Person person = medications.person(patient, day(order));
		String reference = order.getIdElement().hasIdPart()
				? "MedicationRequest/" + order.getIdElement().getIdPart() : null;
		ScreeningRules.Order screened = new ScreeningRules.Order(reference, drug.get(), Dosing.of(order),
				medications.unitOf(order, patient).map(MemberUnit::name).orElse(null),
				PersonMedications.prescription(order));
		return rules.screen(screened, person);
	}

	/**
	 * The findings for each draft order of one person (a HIS about to sign them): each against the person's active
	 * prescriptions and the drafts before it.
	 */
	Map<MedicationRequest, List<ScreeningHit>> screenDrafts(Patient patient, List<MedicationRequest> drafts) {
		Map<MedicationRequest, List<ScreeningHit>> hits = new LinkedHashMap<>();
		if (drafts.isEmpty()) {
			return hits;
		}
		ScreeningRules.Person person = medications.person(patient, day(drafts.get(0)));
		List<ScreeningRules.Order> seen = new ArrayList<>(person.activeOrders());
		for (MedicationRequest draft : drafts) {
			Optional<Formulary.Drug> drug = formulary.drug(draft.getMedicationCodeableConcept());
			if (drug.isEmpty()) {
				continue;
			}
			ScreeningRules.Order order = new ScreeningRules.Order(null, drug.get(), Dosing.of(draft), "本次", null);
			hits.put(draft, rules.screen(order, new ScreeningRules.Person(person.ageYears(), person.pregnant(),
					person.allergies(), List.copyOf(seen))));
			seen.add(order);
		}
		return hits;
	}

	private LocalDate day(MedicationRequest order) {
		return (order.hasAuthoredOn() ? order.getAuthoredOn().toInstant() : clock.instant()).atZone(zone).toLocalDate();
	}
}
