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

	// ---- HL7 v2 feeds (adapters) ----

	/** Identifier systems the hub derives for a member unit's own numbers (visit, orders, results, specimens). */
	public static String unitIdentifierSystem(String unitCode, String kind) {
		return CANONICAL_BASE + "/sid/unit/" + unitCode + "/" + kind;
	}

	/** Default code system of a member unit's local item codes (OBR-4, OBX-3) when its settings name none. */
	public static String unitLocalCodeSystem(String unitCode) {
		return CANONICAL_BASE + "/CodeSystem/unit/" + unitCode + "/local";
	}

	/** {@code meta.source} of resources written from a feed message: this base + unit code + {@code /MSH-10}. */
	public static final String FEED_SOURCE = CANONICAL_BASE + "/feed/";

	/** The DICOMweb Endpoint of a member unit is identified by the unit's MSH-4 code in this system. */
	public static final String DICOMWEB_ENDPOINT = CANONICAL_BASE + "/sid/dicomweb-endpoint";

	public static final String LOINC = "http://loinc.org";
	public static final String UCUM = "http://unitsofmeasure.org";
	/** DICOM UIDs (Study Instance UID as {@code urn:oid:<uid>}). */
	public static final String DICOM_UID = "urn:dicom:uid";
	/** HL7 table 0074, diagnostic service section (LAB, RAD, EC ...), used as DiagnosticReport.category. */
	public static final String V2_DIAGNOSTIC_SERVICE_SECTION = "http://terminology.hl7.org/CodeSystem/v2-0074";
	public static final String V2_IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203";
	public static final String V3_OBSERVATION_INTERPRETATION =
			"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
	public static final String V3_ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
	public static final String ENDPOINT_CONNECTION_TYPE =
			"http://terminology.hl7.org/CodeSystem/endpoint-connection-type";
	public static final String DICOM_MODALITY = "http://dicom.nema.org/resources/ontology/DCM";
}
