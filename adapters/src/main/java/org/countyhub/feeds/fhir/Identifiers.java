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

	public static Identifier idCard(String value) {
		return new Identifier()
				.setUse(Identifier.IdentifierUse.OFFICIAL)
				.setType(type("NNCHN", null))
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
