package org.countyhub.server.prescription;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.math.BigDecimal;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationKnowledge;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Ratio;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The formulary as FHIR: each drug of the county's file is the {@code MedicationKnowledge/<formulary code>} (code:
 * the formulary code, the ATC code and the national code; form, route, the generic name as synonym; ATC as
 * classification; the adult and paediatric limits as administration guidelines: maxDosePerAdministration and
 * maxDosePerPeriod per day), written at start when it differs from what is stored. HIS and the console read the
 * formulary there; the screening reads the file's table in memory. A drug later removed from the file stays
 * stored (mark it inactive through the API).
 */
@Component
class FormularyPublication {

	private static final Logger log = LoggerFactory.getLogger(FormularyPublication.class);

	private final Formulary formulary;
	private final IFhirResourceDao<MedicationKnowledge> dao;

	FormularyPublication(Formulary formulary, DaoRegistry daos) {
		this.formulary = formulary;
		this.dao = daos.getResourceDao(MedicationKnowledge.class);
	}

	@EventListener(ApplicationReadyEvent.class)
	void publish() {
		int written = 0;
		for (Formulary.Drug drug : formulary.drugs()) {
			MedicationKnowledge knowledge = knowledge(drug);
			MedicationKnowledge stored = stored(knowledge.getIdElement().getIdPart());
			if (stored == null || !sameContent(stored, knowledge)) {
				dao.update(knowledge, new SystemRequestDetails());
				written++;
			}
		}
		log.info("Community formulary version {}: {} MedicationKnowledge written, {} unchanged", formulary.version(),
				written, formulary.drugs().size() - written);
	}

	private MedicationKnowledge stored(String id) {
		try {
			return dao.read(new IdType("MedicationKnowledge", id), new SystemRequestDetails());
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return null;
		}
	}

	private static boolean sameContent(MedicationKnowledge stored, MedicationKnowledge wanted) {
		MedicationKnowledge a = stored.copy();
		a.setMeta(null);
		a.setIdElement(null);
		MedicationKnowledge b = wanted.copy();
		b.setMeta(null);
		b.setIdElement(null);
		return a.equalsDeep(b);
	}

	static MedicationKnowledge knowledge(Formulary.Drug drug) {
		MedicationKnowledge knowledge = new MedicationKnowledge();
		knowledge.setId(drug.code());
		knowledge.setStatus(MedicationKnowledge.MedicationKnowledgeStatus.ACTIVE);
		CodeableConcept code = new CodeableConcept(drug.coding()).setText(drug.name());
		code.addCoding(new Coding(HubSystems.ATC, drug.atc(), null));
		if (drug.nationalCode() != null && !drug.nationalCode().isBlank()) {
			code.addCoding(new Coding(HubSystems.CANONICAL_BASE + "/sid/national-drug-code", drug.nationalCode(), null));
		}
		knowledge.setCode(code);
		knowledge.addSynonym(drug.generic());
		if (drug.form() != null) {
			knowledge.setDoseForm(new CodeableConcept().setText(drug.form()));
		}
		if (drug.route() != null) {
			knowledge.addIntendedRoute(new CodeableConcept().setText(drug.route()));
		}
		if (drug.strength() != null) {
			knowledge.addIngredient().setItem(new CodeableConcept().setText(drug.generic() + " " + drug.strength()))
					.setIsActive(true);
		}
		knowledge.addMedicineClassification().setType(new CodeableConcept().setText("ATC"))
				.addClassification(new CodeableConcept(new Coding(HubSystems.ATC, drug.atc(), null)));
		guideline(knowledge, "成人", drug.adult());
		guideline(knowledge, "儿童", drug.child());
		return knowledge;
	}

	private static void guideline(MedicationKnowledge knowledge, String who, Formulary.DoseLimit limit) {
		if (limit == null) {
			return;
		}
		Dosage dosage = new Dosage().setText(who + "剂量上限");
		if (limit.single() != null) {
			dosage.setMaxDosePerAdministration(mg(limit.single()));
		}
		if (limit.daily() != null) {
			dosage.setMaxDosePerPeriod(new Ratio().setNumerator(mg(limit.daily()))
					.setDenominator(new Quantity().setValue(1).setUnit("d").setSystem(HubSystems.UCUM).setCode("d")));
		}
		knowledge.addAdministrationGuidelines().addDosage().setType(new CodeableConcept().setText(who))
				.addDosage(dosage);
	}

	private static Quantity mg(double value) {
		return new Quantity().setValue(BigDecimal.valueOf(value)).setUnit("mg").setSystem(HubSystems.UCUM).setCode("mg");
	}
}
