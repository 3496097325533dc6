package org.countyhub.profiles;

/**
 * The identifier systems and canonical URLs that every module shares. Keep them here and nowhere else:
 * a system URI written twice drifts.
 */
public final class HubSystems {

	private HubSystems() {}

	/** Canonical base of the hub's own conformance resources (StructureDefinition, CodeSystem, ...). */
	public static final String CANONICAL_BASE = "https://countyhub.org/fhir";

	/**
	 * 居民身份证号 (resident ID card number). OID of the PRC resident identity card number in the national
	 * health-information OID tree (2.16.156.10011 = National Health Commission), as used for patient IDs in
	 * the WS/T 500 shared-document headers.
	 */
	public static final String RESIDENT_ID_CARD = "urn:oid:2.16.156.10011.1.3";

	/** 统一社会信用代码 (unified social credit code) of a legal entity, the organisation code of a member unit. */
	public static final String UNIFIED_SOCIAL_CREDIT_CODE = CANONICAL_BASE + "/sid/uscc";

	/** A member unit's HL7 v2 sending-facility code (MSH-4), unique within the county. */
	public static final String HL7_FACILITY_CODE = CANONICAL_BASE + "/sid/hl7-facility";

	/** Unit types of a county medical community (牵头医院, 县级医院, 乡镇卫生院, 村卫生室). */
	public static final String UNIT_TYPE = CANONICAL_BASE + "/CodeSystem/unit-type";

	/** The hub's Organization profile for member units. */
	public static final String MEMBER_UNIT_PROFILE = CANONICAL_BASE + "/StructureDefinition/member-unit";

	/** Administrative division code (行政区划代码, GB/T 2260) of an address or a community. */
	public static final String ADMIN_DIVISION = CANONICAL_BASE + "/sid/admin-division";

	/**
	 * Extension the hub puts on a Patient's resident ID card identifier whose check digit is wrong (valueBoolean
	 * true): the number is kept as the unit sent it but never used to link records of the same person.
	 */
	public static final String ID_CARD_CHECK_FAILED = CANONICAL_BASE + "/StructureDefinition/id-card-check-failed";

	/** Extension on a cross-unit history entry: the member unit (Organization) that performed it. */
	public static final String PERFORMING_UNIT = CANONICAL_BASE + "/StructureDefinition/performing-unit";
}
