package org.countyhub.feeds.fhir;

import org.countyhub.feeds.hl7.Field;
import org.countyhub.feeds.unit.CodeMap;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * CE/CWE to CodeableConcept. The unit's local code is always kept (in the unit's local code system, or the
 * standard system the sender named, e.g. {@code LN} = LOINC); when the unit's code table maps it to a standard
 * code, that coding is added beside it. The original text stays in {@code text}.
 */
public final class Concepts {

	private Concepts() {}

	public static CodeableConcept of(Field cwe, String localSystem, CodeMap map) {
		CodeableConcept concept = new CodeableConcept();
		String code = cwe.component(1);
		String display = cwe.component(2);
		String system = cwe.component(3);
		if (!code.isEmpty()) {
			concept.addCoding(coding(system, localSystem, code, display));
			CodeMap.Target target = map.get(code);
			if (target != null && !target.code().equals(code)) {
				concept.addCoding(new Coding(target.system(), target.code(), target.display()));
			}
		}
		String altCode = cwe.component(4);
		if (!altCode.isEmpty()) {
			concept.addCoding(coding(cwe.component(6), localSystem, altCode, cwe.component(5)));
		}
		String text = cwe.component(9);
		if (!text.isEmpty()) {
			concept.setText(text);
		} else if (!display.isEmpty()) {
			concept.setText(display);
		} else if (code.isEmpty() && !cwe.isEmpty()) {
			concept.setText(cwe.text());
		}
		return concept;
	}

	static Coding coding(String hl7System, String localSystem, String code, String display) {
		Coding coding = new Coding(systemOf(hl7System, localSystem), code, display.isEmpty() ? null : display);
		return coding;
	}

	/** HL7 table 0396 names of the standard systems labs send; anything else is the unit's local system. */
	static String systemOf(String hl7System, String localSystem) {
		return switch (hl7System) {
			case "LN" -> HubSystems.LOINC;
			case "UCUM" -> HubSystems.UCUM;
			case "SCT", "SNM", "SNOMED CT" -> "http://snomed.info/sct";
			case "I10", "ICD10", "ICD-10" -> "http://hl7.org/fhir/sid/icd-10";
			case "DCM" -> HubSystems.DICOM_MODALITY;
			default -> localSystem;
		};
	}
}
