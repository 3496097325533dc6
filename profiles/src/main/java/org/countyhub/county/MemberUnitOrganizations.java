package org.countyhub.county;

import java.util.ArrayList;
import java.util.List;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;

/** Turns the county directory into the FHIR Organizations the hub serves as its registry of member units. */
public final class MemberUnitOrganizations {

	private MemberUnitOrganizations() {}

	/** The community first, then units with every unit after the one it is part of. */
	public static List<Organization> of(CountyDirectory directory) {
		List<Organization> result = new ArrayList<>();
		result.add(community(directory.community()));
		for (MemberUnit unit : directory.parentsFirst()) {
			result.add(unit(unit, directory));
		}
		return result;
	}

	static Organization community(Community community) {
		Organization org = new Organization();
		org.setId(community.id());
		org.getMeta().addProfile(HubSystems.MEMBER_UNIT_PROFILE);
		org.setActive(true);
		org.setName(community.name());
		org.addIdentifier(facility(community.code()));
		if (community.organizationCode() != null) {
			org.addIdentifier(uscc(community.organizationCode()));
		}
		org.addType(type(UnitType.COMMUNITY));
		division(org, community.adminDivision());
		return org;
	}

	static Organization unit(MemberUnit unit, CountyDirectory directory) {
		Organization org = new Organization();
		org.setId(unit.id());
		org.getMeta().addProfile(HubSystems.MEMBER_UNIT_PROFILE);
		org.setActive(true);
		org.setName(unit.name());
		org.addIdentifier(facility(unit.code()));
		if (unit.organizationCode() != null) {
			org.addIdentifier(uscc(unit.organizationCode()));
		}
		org.addType(type(unit.type()));
		String parent = unit.partOf() == null
				? directory.community().reference()
				: directory.byCode(unit.partOf()).orElseThrow().reference();
		org.setPartOf(new Reference(parent));
		division(org, unit.adminDivision());
		return org;
	}

	private static Identifier facility(String code) {
		return new Identifier().setSystem(HubSystems.HL7_FACILITY_CODE).setValue(code);
	}

	private static Identifier uscc(String code) {
		return new Identifier().setSystem(HubSystems.UNIFIED_SOCIAL_CREDIT_CODE).setValue(code);
	}

	private static CodeableConcept type(UnitType type) {
		CodeableConcept concept = new CodeableConcept();
		concept.addCoding().setSystem(HubSystems.UNIT_TYPE).setCode(type.code()).setDisplay(type.display());
		return concept;
	}

	private static void division(Organization org, String adminDivision) {
		if (adminDivision != null && !adminDivision.isBlank()) {
			Address address = org.addAddress();
			address.addExtension()
					.setUrl(HubSystems.ADMIN_DIVISION_EXTENSION)
					.setValue(new org.hl7.fhir.r4.model.CodeType(adminDivision));
		}
	}
}
