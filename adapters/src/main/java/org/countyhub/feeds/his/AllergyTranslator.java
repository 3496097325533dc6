package org.countyhub.feeds.his;

import org.countyhub.feeds.fhir.Concepts;
import org.countyhub.feeds.fhir.FeedContext;
import org.countyhub.feeds.fhir.FeedUpdate;
import org.countyhub.feeds.fhir.Hl7Times;
import org.countyhub.feeds.fhir.Identifiers;
import org.countyhub.feeds.fhir.TransactionBuilder;
import org.countyhub.feeds.hl7.Field;
import org.countyhub.feeds.hl7.Segment;
import org.countyhub.feeds.unit.CodeMap;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * AL1 segments to {@code AllergyIntolerance} (过敏史). An allergy belongs to the patient, not to a visit: it is found
 * again by the patient's number and the allergen (AL1-3 code, else its text), so every message that repeats it
 * updates the one record. AL1-2 allergen type (HL7 table 0127) → category, AL1-4 severity (table 0128) → criticality
 * and the reaction's severity, AL1-5 reactions → manifestations, AL1-6 identification date → recordedDate.
 */
public final class AllergyTranslator {

	private AllergyTranslator() {}

	public static void translate(FeedContext ctx, TransactionBuilder tx, Reference subject, Reference encounter,
			Identifier patientKey) {
		for (Segment al1 : ctx.message().all("AL1")) {
			Field allergen = al1.field(3);
			CodeableConcept code = Concepts.of(allergen, HubSystems.unitCodeSystem(ctx.unit().code(), "allergen"),
					CodeMap.EMPTY);
			if (code.isEmpty()) {
				continue;
			}
			String allergenKey = code.hasCoding() ? code.getCodingFirstRep().getCode() : code.getText();
			Identifier key = Identifiers.of(ctx.system("allergy"), patientKey.getValue() + "-" + allergenKey, null);
			FeedUpdate update = ctx.update(key);
			AllergyIntolerance allergy = new AllergyIntolerance();
			allergy.addIdentifier(key);
			allergy.setCode(code);
			allergy.setPatient(subject);
			if (encounter != null) {
				allergy.setEncounter(encounter);
			}
			allergy.setClinicalStatus(new CodeableConcept(new Coding(HubSystems.ALLERGY_CLINICAL, "active", "Active")));
			update.fillOnly("clinicalStatus");
			allergy.setVerificationStatus(new CodeableConcept(
					new Coding(HubSystems.ALLERGY_VERIFICATION, "confirmed", "Confirmed")));
			update.fillOnly("verificationStatus");
			category(al1.value(2), allergy);
			if (al1.isNull(2)) {
				update.erase("category").erase("type");
			}
			severity(al1.value(4), allergy);
			if (al1.isNull(4)) {
				update.erase("criticality");
			}
			reactions(al1, allergy);
			if (al1.isNull(5)) {
				update.erase("reaction");
			}
			var identified = Hl7Times.dateTime(al1.value(6));
			if (identified != null) {
				allergy.setRecordedDateElement(identified);
			} else if (al1.isNull(6)) {
				update.erase("recordedDate");
			}
			tx.update(allergy, update);
		}
	}

	/** HL7 table 0127; MC (miscellaneous contraindication) is neither an allergy nor an intolerance: no type. */
	private static void category(String type, AllergyIntolerance allergy) {
		AllergyIntolerance.AllergyIntoleranceCategory category = switch (type.toUpperCase()) {
			case "DA" -> AllergyIntolerance.AllergyIntoleranceCategory.MEDICATION;
			case "FA" -> AllergyIntolerance.AllergyIntoleranceCategory.FOOD;
			case "EA", "AA", "PA", "LA" -> AllergyIntolerance.AllergyIntoleranceCategory.ENVIRONMENT;
			default -> null;
		};
		if (category != null) {
			allergy.addCategory(category);
		}
		if (type.length() == 2 && type.toUpperCase().endsWith("A")) {
			allergy.setType(AllergyIntolerance.AllergyIntoleranceType.ALLERGY);
		}
	}

	/** HL7 table 0128: SV severe → high criticality; MO, MI → low; U → unable to assess. */
	private static void severity(String severity, AllergyIntolerance allergy) {
		switch (severity.toUpperCase()) {
			case "SV" -> allergy.setCriticality(AllergyIntolerance.AllergyIntoleranceCriticality.HIGH);
			case "MO", "MI" -> allergy.setCriticality(AllergyIntolerance.AllergyIntoleranceCriticality.LOW);
			case "U" -> allergy.setCriticality(AllergyIntolerance.AllergyIntoleranceCriticality.UNABLETOASSESS);
			default -> { }
		}
	}

	/** Every AL1-5 repetition is a manifestation of one reaction, whose severity is AL1-4's. */
	private static void reactions(Segment al1, AllergyIntolerance allergy) {
		AllergyIntolerance.AllergyIntoleranceReactionComponent reaction = new AllergyIntolerance.AllergyIntoleranceReactionComponent();
		for (Field manifestation : al1.repetitions(5)) {
			// ST up to v2.5, CE/CWE since: the text of a coded reaction is its second component
			String text = manifestation.component(2).isEmpty() ? manifestation.component(1) : manifestation.component(2);
			if (!text.isEmpty()) {
				reaction.addManifestation().setText(text);
			}
		}
		if (!reaction.hasManifestation()) {
			return;
		}
		switch (al1.value(4).toUpperCase()) {
			case "SV" -> reaction.setSeverity(AllergyIntolerance.AllergyIntoleranceSeverity.SEVERE);
			case "MO" -> reaction.setSeverity(AllergyIntolerance.AllergyIntoleranceSeverity.MODERATE);
			case "MI" -> reaction.setSeverity(AllergyIntolerance.AllergyIntoleranceSeverity.MILD);
			default -> { }
		}
		allergy.addReaction(reaction);
	}
}
