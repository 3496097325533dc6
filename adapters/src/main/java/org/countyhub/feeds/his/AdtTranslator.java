package org.countyhub.feeds.his;

import java.util.List;
import org.countyhub.feeds.fhir.FeedContext;
import org.countyhub.feeds.fhir.FeedException;
import org.countyhub.feeds.fhir.FeedUpdate;
import org.countyhub.feeds.fhir.Hl7Times;
import org.countyhub.feeds.fhir.Identifiers;
import org.countyhub.feeds.fhir.PatientTranslator;
import org.countyhub.feeds.fhir.TransactionBuilder;
import org.countyhub.feeds.hl7.Segment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.countyhub.profiles.HubSystems;

/**
 * HIS ADT events to Patient and Encounter. Registration and updates (A01 A04 A08 A28 A31) write the patient as
 * the unit sent it and, when PV1-19 carries a visit number, the visit; A03 finishes the visit, A11 cancels the
 * admission, A13 reopens it. DG1 and AL1 segments become Conditions and AllergyIntolerances
 * ({@link DiagnosisTranslator}, {@link AllergyTranslator}), the diagnoses listed on the visit. Merges (A40) are
 * handled by {@link MergeTranslator}.
 */
public final class AdtTranslator {

	public Bundle translate(FeedContext ctx) {
		String event = ctx.message().msh().value(9, 2);
		if (event.equals("A40")) {
			return MergeTranslator.translate(ctx);
		}
		Segment pid = ctx.message().first("PID")
				.orElseThrow(() -> FeedException.noPatient("ADT^" + event));
		TransactionBuilder tx = new TransactionBuilder(ctx.source());
		PatientTranslator.Translated patient = PatientTranslator.translate(pid, ctx);
		Reference subject = tx.update(patient.patient(), patient.update());
		Encounter encounter = ctx.message().first("PV1").map(pv1 -> encounter(pv1, event, subject, ctx, tx)).orElse(null);
		Reference visit = encounter == null ? null : encounterReference(tx, encounter);
		List<DiagnosisTranslator.Listed> diagnoses = DiagnosisTranslator.translate(ctx, tx, subject, visit, patient.key());
		if (encounter != null && !diagnoses.isEmpty()) {
			// the visit lists the diagnoses this message carries (a list is replaced as a whole by an update)
			DiagnosisTranslator.listOn(encounter, diagnoses);
		}
		AllergyTranslator.translate(ctx, tx, subject, visit, patient.key());
		return tx.build();
	}

	/** The transaction entry the encounter was added as. */
	private static Reference encounterReference(TransactionBuilder tx, Encounter encounter) {
		return tx.build().getEntry().stream().filter(e -> e.getResource() == encounter).findFirst()
				.map(e -> new Reference(e.getFullUrl())).orElseThrow();
	}

	private static Encounter encounter(Segment pv1, String event, Reference subject, FeedContext ctx, TransactionBuilder tx) {
		String visitNumber = pv1.value(19);
		if (visitNumber.isEmpty()) {
			if (List.of("A03", "A11", "A13").contains(event)) {
				throw FeedException.missing(2012, "ADT^" + event + " needs the visit number in PV1-19");
			}
			return null;
		}
		Encounter encounter = new Encounter();
		Identifier key = Identifiers.of(ctx.system("visit"), visitNumber, "VN");
		encounter.addIdentifier(key);
		FeedUpdate update = ctx.update(key);
		encounter.setSubject(subject);
		encounter.setServiceProvider(new Reference(ctx.unit().reference()));
		encounter.setClass_(patientClass(pv1.value(2)));
		if (pv1.value(2).isEmpty()) {
			update.fillOnly("class");
		}
		Period period = new Period();
		var admitted = Hl7Times.dateTime(pv1.value(44));
		var discharged = Hl7Times.dateTime(pv1.value(45));
		if (admitted != null) {
			period.setStartElement(admitted);
		}
		if (discharged != null && !event.equals("A13")) {
			period.setEndElement(discharged);
		}
		if (pv1.isNull(44)) {
			update.erase("period.start");
		}
		if (pv1.isNull(45) || event.equals("A13")) {
			// A13 cancels the discharge: the stored end goes
			update.erase("period.end");
		}
		if (!period.isEmpty()) {
			encounter.setPeriod(period);
		}
		encounter.setStatus(status(event, discharged != null));
		if (!STATUS_EVENTS.contains(event) && discharged == null) {
			// an update (A08, A31 ...) without a discharge time says nothing about the visit's state
			update.fillOnly("status");
		}
		String location = String.join(" ", pv1.value(3, 1), pv1.value(3, 2), pv1.value(3, 3)).trim();
		if (!location.isEmpty()) {
			encounter.addLocation().setLocation(new Reference().setDisplay(location));
		} else if (pv1.isNull(3)) {
			update.erase("location");
		}
		for (int field : new int[] {7, 8, 17}) {
			var xcn = pv1.field(field);
			if (!xcn.isEmpty()) {
				encounter.addParticipant().setIndividual(new Reference().setDisplay(DiagnosisTranslator.clinician(xcn)));
			}
		}
		if (!encounter.hasParticipant() && (pv1.isNull(7) || pv1.isNull(8) || pv1.isNull(17))) {
			update.erase("participant");
		}
		if (!pv1.value(10).isEmpty()) {
			encounter.addType().setText(pv1.value(10));
		} else if (pv1.isNull(10)) {
			update.erase("type");
		}
		tx.update(encounter, update);
		return encounter;
	}

	/** Events whose status is what they say, not a guess from the discharge time. */
	private static final List<String> STATUS_EVENTS = List.of("A01", "A03", "A04", "A11", "A13");

	private static Encounter.EncounterStatus status(String event, boolean discharged) {
		return switch (event) {
			case "A03" -> Encounter.EncounterStatus.FINISHED;
			case "A11" -> Encounter.EncounterStatus.CANCELLED;
			case "A13", "A01" -> Encounter.EncounterStatus.INPROGRESS;
			case "A04" -> Encounter.EncounterStatus.ARRIVED;
			default -> discharged ? Encounter.EncounterStatus.FINISHED : Encounter.EncounterStatus.INPROGRESS;
		};
	}

	/** PV1-2 patient class (HL7 table 0004) to the v3 ActCode encounter class. */
	private static Coding patientClass(String pv12) {
		return switch (pv12) {
			case "I" -> new Coding(HubSystems.V3_ACT_CODE, "IMP", "inpatient encounter");
			case "E" -> new Coding(HubSystems.V3_ACT_CODE, "EMER", "emergency");
			case "P" -> new Coding(HubSystems.V3_ACT_CODE, "PRENC", "pre-admission");
			default -> new Coding(HubSystems.V3_ACT_CODE, "AMB", "ambulatory");
		};
	}
}
