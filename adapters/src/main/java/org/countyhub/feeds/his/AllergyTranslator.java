package org.countyhub.feeds.his;

import java.util.HashSet;
import java.util.Set;
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
 * AL1 and IAM segments to {@code AllergyIntolerance} (过敏史). An allergy belongs to the patient, not to a visit: it
 * is found again by the unit's identifier (IAM-7) or else by the patient's number and the allergen (code, else its
 * text), so every message that repeats it updates the one record. AL1-2 allergen type (HL7 table 0127) → category, AL1-4 severity (table 0128) → criticality
 * and the reaction's severity, AL1-5 reactions → manifestations, AL1-6 identification date → recordedDate.
 */
public final class AllergyTranslator {

	private AllergyTranslator() {}

	public static void translate(FeedContext ctx, TransactionBuilder tx, Reference subject, Reference encounter,
			Identifier patientKey) {
		Set<String> written = new HashSet<>();
		for (Segment segment : ctx.message().segments()) {
			if (segment.name().equals("AL1") || segment.name().equals("IAM")) {
				allergy(segment, ctx, tx, subject, encounter, patientKey, written);
			}
		}
	}

	/**
	 * AL1 and IAM share fields 2 to 5 (type, allergen, severity, reactions). AL1-6 is the identification date; IAM
	 * (v2.5+) adds IAM-6 action code ({@code D} = delete), IAM-7 the allergy's identifier at the unit, IAM-11 the
	 * onset and IAM-13 when it was reported.
	 */
	private static void allergy(Segment segment, FeedContext ctx, TransactionBuilder tx, Reference subject,
			Reference encounter, Identifier patientKey, Set<String> written) {
		boolean iam = segment.name().equals("IAM");
		CodeableConcept code = Concepts.of(segment.field(3), HubSystems.unitCodeSystem(ctx.unit().code(), "allergen"),
				CodeMap.EMPTY);
		if (code.isEmpty()) {
			return;
		}
		String allergenKey = code.hasCoding() ? code.getCoding().get(0).getCode() : code.getText();
		String unitId = iam ? segment.value(7) : "";
		String keyValue = unitId.isEmpty() ? patientKey.getValue() + "-" + allergenKey : unitId;
		if (!written.add(keyValue)) {
			// the same allergy twice in one message is written once (one transaction cannot update a record twice)
			return;
		}
		Identifier key = Identifiers.of(ctx.system("allergy"), keyValue, null);
		FeedUpdate update = ctx.update(key);
		AllergyIntolerance allergy = new AllergyIntolerance();
		allergy.addIdentifier(key);
		allergy.setCode(code);
		allergy.setPatient(subject);
		if (encounter != null) {
			allergy.setEncounter(encounter);
		}
		if (iam && segment.value(6).equalsIgnoreCase("D")) {
			// FHIR allows no clinical status on an allergy entered in error (ait-2)
			allergy.setVerificationStatus(new CodeableConcept(
					new Coding(HubSystems.ALLERGY_VERIFICATION, "entered-in-error", "Entered in Error")));
			update.erase("clinicalStatus");
		} else {
			allergy.setClinicalStatus(new CodeableConcept(new Coding(HubSystems.ALLERGY_CLINICAL, "active", "Active")));
			update.fillOnly("clinicalStatus");
			allergy.setVerificationStatus(new CodeableConcept(
					new Coding(HubSystems.ALLERGY_VERIFICATION, "confirmed", "Confirmed")));
			update.fillOnly("verificationStatus");
		}
		category(segment.value(2), allergy);
		if (segment.isNull(2)) {
			update.erase("category").erase("type");
		}
		severity(segment.value(4), allergy);
		if (segment.isNull(4)) {
			update.erase("criticality");
		}
		reactions(segment, allergy);
		if (segment.isNull(5)) {
			update.erase("reaction");
		}
		int recordedField = iam ? 13 : 6;
		var recorded = Hl7Times.dateTime(segment.value(recordedField));
		if (recorded != null) {
			allergy.setRecordedDateElement(recorded);
		} else if (segment.isNull(recordedField)) {
			update.erase("recordedDate");
		}
		if (iam) {
			var onset = Hl7Times.dateTime(segment.value(11));
			if (onset != null) {
				allergy.setOnset(onset);
			} else if (segment.isNull(11)) {
				update.erase("onset");
			}
		}
		tx.update(allergy, update);
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
	private static void reactions(Segment segment, AllergyIntolerance allergy) {
		AllergyIntolerance.AllergyIntoleranceReactionComponent reaction = new AllergyIntolerance.AllergyIntoleranceReactionComponent();
		for (Field manifestation : segment.repetitions(5)) {
			// ST up to v2.5, CE/CWE since: the text of a coded reaction is its second component
			String text = manifestation.component(2).isEmpty() ? manifestation.component(1) : manifestation.component(2);
			if (!text.isEmpty()) {
				reaction.addManifestation().setText(text);
			}
		}
		if (!reaction.hasManifestation()) {
			return;
		}
		switch (segment.value(4).toUpperCase()) {
			case "SV" -> reaction.setSeverity(AllergyIntolerance.AllergyIntoleranceSeverity.SEVERE);
			case "MO" -> reaction.setSeverity(AllergyIntolerance.AllergyIntoleranceSeverity.MODERATE);
			case "MI" -> reaction.setSeverity(AllergyIntolerance.AllergyIntoleranceSeverity.MILD);
			default -> { }
		}
		allergy.addReaction(reaction);
	}
}
