package org.countyhub.feeds.his;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.countyhub.feeds.fhir.FeedContext;
import org.countyhub.feeds.fhir.FeedUpdate;
import org.countyhub.feeds.fhir.Hl7Times;
import org.countyhub.feeds.fhir.Identifiers;
import org.countyhub.feeds.fhir.TransactionBuilder;
import org.countyhub.feeds.hl7.Field;
import org.countyhub.feeds.hl7.Segment;
import org.countyhub.feeds.unit.CodeMap;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * DG1 segments to {@code Condition}s of category encounter-diagnosis (就诊诊断). The ICD-10 code is kept as the unit
 * sent it; where the unit's edition differs from the national clinical edition (国家临床版 2.0) its code table
 * ({@code local_code,local_display,icd10_code,icd10_display}) adds the national code beside it. Each diagnosis is
 * one record, found again by DG1-20 (diagnosis identifier) or else by visit + DG1-1 (set id), so a re-sent or
 * updated message (A08) updates it; DG1-21 {@code D} (delete) marks it entered-in-error.
 */
public final class DiagnosisTranslator {

	/** HL7 table 0396 names of ICD-10, and an empty DG1-3.3 (a HIS diagnosis field is ICD-10 unless it says not). */
	private static final Set<String> ICD10 = Set.of("", "I10", "I10C", "ICD10", "ICD-10", "ICD10CN", "ICD-10-CN");

	/** One diagnosis of the message, as the encounter lists it. */
	public record Listed(Reference condition, CodeableConcept use, Integer rank) {}

	private DiagnosisTranslator() {}

	/**
	 * Writes a Condition per DG1 of the message.
	 *
	 * @param encounter  the visit the diagnoses belong to (an entry of the same transaction or a logical reference);
	 *                   null when the message names none
	 * @param patientKey the patient's number at the unit: the key of a diagnosis sent without visit or identifier
	 */
	public static List<Listed> translate(FeedContext ctx, TransactionBuilder tx, Reference subject, Reference encounter,
			Identifier patientKey) {
		List<Listed> listed = new ArrayList<>();
		Set<String> written = new HashSet<>();
		for (Segment dg1 : ctx.message().all("DG1")) {
			Condition condition = new Condition();
			CodeableConcept code = code(dg1, ctx);
			if (code.isEmpty()) {
				continue;
			}
			String keyValue = keyValue(dg1, ctx, patientKey, code);
			if (!written.add(keyValue)) {
				// a diagnosis repeated in one message is written once (one transaction cannot update a record twice)
				continue;
			}
			Identifier key = Identifiers.of(ctx.system("diagnosis"), keyValue, null);
			condition.addIdentifier(key);
			FeedUpdate update = ctx.update(key);
			condition.addCategory(new CodeableConcept(new Coding(HubSystems.CONDITION_CATEGORY,
					"encounter-diagnosis", "Encounter Diagnosis")));
			condition.setCode(code);
			condition.setSubject(subject);
			if (encounter != null) {
				condition.setEncounter(encounter);
			}
			status(dg1, condition, update);
			var recorded = Hl7Times.dateTime(dg1.value(5));
			if (recorded != null) {
				condition.setRecordedDateElement(recorded);
			} else if (dg1.isNull(5)) {
				update.erase("recordedDate");
			}
			String clinician = clinician(dg1.field(16));
			if (!clinician.isEmpty()) {
				condition.setRecorder(new Reference().setDisplay(clinician));
			} else if (dg1.isNull(16)) {
				update.erase("recorder");
			}
			Reference reference = tx.update(condition, update);
			if (condition.getVerificationStatus().hasCoding(HubSystems.CONDITION_VERIFICATION, "entered-in-error")) {
				// deleted by the unit: no longer one of the visit's diagnoses
				continue;
			}
			listed.add(new Listed(reference, use(dg1.value(6), ctx.unit().tables().diagnosisTypes()), rank(dg1.value(15))));
		}
		return listed;
	}

	/** The encounter lists the message's diagnoses with their role (DG1-6) and priority (DG1-15). */
	static void listOn(Encounter encounter, List<Listed> diagnoses) {
		for (Listed diagnosis : diagnoses) {
			Encounter.DiagnosisComponent entry = encounter.addDiagnosis().setCondition(diagnosis.condition());
			if (diagnosis.use() != null) {
				entry.setUse(diagnosis.use());
			}
			if (diagnosis.rank() != null) {
				entry.setRank(diagnosis.rank());
			}
		}
	}

	private static CodeableConcept code(Segment dg1, FeedContext ctx) {
		Field ce = dg1.field(3);
		// fixed-width HIS pad names with blanks (FHIR strings must not end in whitespace)
		String code = ce.component(1).trim();
		String display = ce.component(2).trim();
		CodeableConcept concept = new CodeableConcept();
		if (!code.isEmpty()) {
			if (ICD10.contains(ce.component(3).toUpperCase())) {
				CodeMap.Target national = ctx.unit().tables().diagnosisCodes().get(code);
				if (national != null && !national.code().equals(code)) {
					concept.addCoding(coding(HubSystems.unitCodeSystem(ctx.unit().code(), "icd-10"), code, display));
					concept.addCoding(coding(national.system(), national.code(), national.display()));
				} else {
					// the unit codes in the national edition (or the table maps the code to itself)
					concept.addCoding(coding(HubSystems.ICD10_CN_CLINICAL, code, display));
				}
			} else {
				concept.addCoding(coding(HubSystems.unitCodeSystem(ctx.unit().code(), "diagnosis"), code, display));
			}
		}
		// DG1-4 (description, deprecated since 2.3) is what older systems fill instead of DG1-3.2
		String text = !display.isEmpty() ? display : dg1.value(4).trim();
		if (!text.isEmpty()) {
			concept.setText(text);
		}
		return concept;
	}

	private static Coding coding(String system, String code, String display) {
		return new Coding(system, code, display == null || display.isEmpty() ? null : display);
	}

	/**
	 * DG1-20 when the unit identifies its diagnoses; otherwise the visit and DG1-1, or (no visit) the patient and
	 * the code: all stay the same when the unit sends the diagnosis again.
	 */
	private static String keyValue(Segment dg1, FeedContext ctx, Identifier patientKey, CodeableConcept code) {
		String id = dg1.value(20, 1);
		if (!id.isEmpty()) {
			return id;
		}
		String codeOrText = code.hasCoding() ? code.getCoding().get(0).getCode() : code.getText();
		Reference visit = ctx.visit();
		if (visit != null) {
			return visit.getIdentifier().getValue() + "-" + (dg1.value(1).isEmpty() ? codeOrText : dg1.value(1));
		}
		return patientKey.getValue() + "-" + codeOrText;
	}

	/**
	 * Clinical status active unless the record holds another (only filled); verification from DG1-6 (admitting and
	 * working diagnoses are provisional, a final one confirmed) and DG1-21 ({@code D}: entered in error, which FHIR
	 * allows only without a clinical status).
	 */
	private static void status(Segment dg1, Condition condition, FeedUpdate update) {
		if (dg1.value(21).equalsIgnoreCase("D")) {
			condition.setVerificationStatus(concept(HubSystems.CONDITION_VERIFICATION, "entered-in-error"));
			update.erase("clinicalStatus");
			return;
		}
		condition.setClinicalStatus(concept(HubSystems.CONDITION_CLINICAL, "active"));
		update.fillOnly("clinicalStatus");
		switch (dg1.value(6)) {
			case "A", "W" -> condition.setVerificationStatus(concept(HubSystems.CONDITION_VERIFICATION, "provisional"));
			case "F" -> condition.setVerificationStatus(concept(HubSystems.CONDITION_VERIFICATION, "confirmed"));
			default -> {
				condition.setVerificationStatus(concept(HubSystems.CONDITION_VERIFICATION, "confirmed"));
				update.fillOnly("verificationStatus");
			}
		}
	}

	private static CodeableConcept concept(String system, String code) {
		return new CodeableConcept(new Coding(system, code, null));
	}

	private static CodeableConcept use(String type, CodeMap roles) {
		if (type.isEmpty()) {
			return null;
		}
		CodeMap.Target role = roles.get(type);
		if (role == null) {
			return new CodeableConcept().setText(type);
		}
		return new CodeableConcept(new Coding(role.system(), role.code(), role.display()));
	}

	private static Integer rank(String priority) {
		try {
			int rank = Integer.parseInt(priority.trim());
			return rank > 0 ? rank : null;
		} catch (NumberFormatException e) {
			return null;
		}
	}

	/** XCN: family + given, else the id. */
	static String clinician(Field xcn) {
		String name = (xcn.component(2) + xcn.component(3)).trim();
		return name.isEmpty() ? xcn.component(1) : name;
	}
}
