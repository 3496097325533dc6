package org.countyhub.feeds.fhir;

import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Identifier;

/** CX / EI values to Identifiers in the hub's systems. */
public final class Identifiers {

	private Identifiers() {}

	public static Identifier mrn(String value, String system) {
		return new Identifier()
				.setUse(Identifier.IdentifierUse.USUAL)
				.setType(type("MR", "Medical record number"))
				.setSystem(system)
				.setValue(value);
	}

	/**
	 * The resident ID card number (居民身份证号). Its type is v2-0203 NI (national unique individual identifier):
	 * the NNCHN the feeds receive in CX-5 is HL7's "NN + ISO 3166 country" pattern, not a code of the v2-0203
	 * CodeSystem, so the validator would refuse it; the system already says which national identifier it is.
	 */
	public static Identifier idCard(String value) {
		CodeableConcept type = type("NI", "National unique individual identifier");
		type.setText("居民身份证");
		return new Identifier()
				.setUse(Identifier.IdentifierUse.OFFICIAL)
				.setType(type)
				.setSystem(HubSystems.RESIDENT_ID_CARD)
				.setValue(value);
	}

	/** An identifier in one of the unit's derived systems, with an HL7 table 0203 type when given. */
	public static Identifier of(String system, String value, String type) {
		Identifier id = new Identifier().setSystem(system).setValue(value);
		if (type != null) {
			id.setType(type(type, null));
		}
		return id;
	}

	private static CodeableConcept type(String code, String display) {
		CodeableConcept concept = new CodeableConcept();
		concept.addCoding().setSystem(HubSystems.V2_IDENTIFIER_TYPE).setCode(code).setDisplay(display);
		return concept;
	}
}
