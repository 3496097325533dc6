package org.countyhub.profiles;

import java.util.List;
import java.util.Map;

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
	 * the WS/T 500 shared-document headers ({@code <id root="2.16.156.10011.1.3"/>} = 患者身份证号标识, beside
	 * 1.11 门(急)诊号 and 1.12 住院号, which are per unit and therefore not used as shared systems here).
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

	private static final String SD = CANONICAL_BASE + "/StructureDefinition/";
	private static final String CS = CANONICAL_BASE + "/CodeSystem/";
	private static final String VS = CANONICAL_BASE + "/ValueSet/";

	// ---- the implementation guide as an NPM package on the classpath (profiles/src/main/resources/ig) ----

	/** NPM package id of the guide; its version is the one in package.json. */
	public static final String IG_PACKAGE_ID = "org.countyhub.fhir";

	/** Classpath location of the guide as an NPM package (.tgz), built from {@code ig/package/} at build time. */
	public static final String IG_PACKAGE_CLASSPATH = "ig/countyhub-ig.tgz";

	// ---- profiles ----

	/** Patient (患者) as every member unit sends it. */
	public static final String PATIENT_PROFILE = SD + "hub-patient";

	/** 检验报告: laboratory DiagnosticReport. */
	public static final String LAB_REPORT_PROFILE = SD + "lab-report";

	/** 检验结果: one laboratory result Observation. */
	public static final String LAB_RESULT_PROFILE = SD + "lab-result";

	/** 影像报告: imaging DiagnosticReport. */
	public static final String IMAGING_REPORT_PROFILE = SD + "imaging-report";

	/** 影像检查: ImagingStudy pointing at the performing unit's DICOMweb service. */
	public static final String IMAGING_STUDY_PROFILE = SD + "imaging-study";

	/** 心电报告: ECG DiagnosticReport with the tracing as PDF. */
	public static final String ECG_REPORT_PROFILE = SD + "ecg-report";

	/** 心电测量值: one ECG measurement Observation (HR, PR, QRS, QT, QTc, axis). */
	public static final String ECG_MEASUREMENT_PROFILE = SD + "ecg-measurement";

	/** 互认决定: a clinician's decision on a prior result, as an Observation. */
	public static final String RECOGNITION_DECISION_PROFILE = SD + "recognition-decision";

	/** 转诊申请: referral ServiceRequest (up or down). */
	public static final String REFERRAL_REQUEST_PROFILE = SD + "referral-request";

	/** 转诊任务: the referral's workflow Task. */
	public static final String REFERRAL_TASK_PROFILE = SD + "referral-task";

	/** 远程诊断申请: "read this study / ECG at the diagnosis centre" ServiceRequest. */
	public static final String READING_REQUEST_PROFILE = SD + "reading-request";

	/** 远程诊断任务: the diagnosis centre's reading Task. */
	public static final String READING_TASK_PROFILE = SD + "reading-task";

	/** 就诊诊断: a diagnosis a unit's HIS recorded for a visit (DG1), coded in ICD-10. */
	public static final String ENCOUNTER_DIAGNOSIS_PROFILE = SD + "encounter-diagnosis";

	/** 过敏史: an allergy or intolerance a unit's HIS recorded (AL1). */
	public static final String ALLERGY_PROFILE = SD + "allergy";

	/** 传染病报告任务: the reporting unit's 防保科 work item for one report card, with its deadline. */
	public static final String REPORT_CARD_TASK_PROFILE = SD + "report-card-task";

	/** 危急值处置任务: the ordering unit's work item for one critical result, with its acknowledgement deadline. */
	public static final String CRITICAL_VALUE_TASK_PROFILE = SD + "critical-value-task";

	/** 前置审方任务: the pre-review centre's work item for one prescription, with its review time limit. */
	public static final String PRESCRIPTION_REVIEW_TASK_PROFILE = SD + "prescription-review-task";

	// ---- extensions ----

	/** 行政区划代码 on an Address (valueCode, GB/T 2260 6 digits or the 9/12-digit statistical code). */
	public static final String ADMIN_DIVISION_EXTENSION = SD + "admin-division";

	/** 互认资质: a member unit's quality-control qualification for catalogue items, with its period. */
	public static final String RECOGNITION_QUALIFICATION_EXTENSION = SD + "recognition-qualification";

	/** 互认状态: whether a DiagnosticReport is recognisable, why not, until when, in which scope. */
	public static final String RECOGNITION_STATUS_EXTENSION = SD + "recognition-status";

	/** 转诊方向: up (上转) or down (下转) on a referral ServiceRequest. */
	public static final String REFERRAL_DIRECTION_EXTENSION = SD + "referral-direction";

	// ---- code systems and value sets ----

	/** 互认项目目录: the recognition catalogue; concepts carry category, validity-days, level, price. */
	public static final String RECOGNITION_CATALOGUE = CS + "recognition-catalogue";

	/** All items of the recognition catalogue. */
	public static final String RECOGNITION_CATALOGUE_VALUE_SET = VS + "recognition-catalogue";

	/** 互认类别: lab, imaging, ecg, ultrasound, pathology. */
	public static final String RECOGNITION_CATEGORY = CS + "recognition-category";

	/** 互认范围: county, city, province. */
	public static final String RECOGNITION_LEVEL = CS + "recognition-level";

	/** Why the hub judged a result not recognisable (not in catalogue, not final, unit not qualified, expired). */
	public static final String RECOGNITION_STATUS_REASON = CS + "recognition-status-reason";

	/** 不予互认情形: the statutory reasons for not recognising a prior result (国卫医发〔2022〕6号). */
	public static final String NON_RECOGNITION_REASON = CS + "non-recognition-reason";

	/** 互认决定: recognised / not-recognised. */
	public static final String RECOGNITION_DECISION = CS + "recognition-decision";

	/** The hub's own Observation codes (the recognition decision and its components). */
	public static final String OBSERVATION_CODE = CS + "observation-code";

	/** The hub's workflows (referral, remote-reading): ServiceRequest.category and Task.code. */
	public static final String WORKFLOW = CS + "workflow";

	/** 转诊方向: up (上转), down (下转). */
	public static final String REFERRAL_DIRECTION = CS + "referral-direction";

	/** 法定报告传染病: the statutory notifiable infectious diseases, each with its class (property {@code class}). */
	public static final String NOTIFIABLE_DISEASE = CS + "notifiable-disease";

	/** 法定传染病类别: A 甲类, B-A 乙类按甲类管理, B 乙类, C 丙类 (property {@code limit-hours}). */
	public static final String NOTIFIABLE_DISEASE_CLASS = CS + "notifiable-disease-class";

	/** 病例分类: suspected 疑似, clinical 临床诊断, confirmed 确诊, carrier 病原携带者. */
	public static final String NOTIFIABLE_CASE_CLASS = CS + "notifiable-case-class";

	/** 报卡类别: initial 初次报告, correction 订正报告. */
	public static final String REPORT_CARD_TYPE = CS + "report-card-type";

	/** 传染病报告卡: the national report card as a Questionnaire (QuestionnaireResponse.questionnaire of a card). */
	public static final String REPORT_CARD_QUESTIONNAIRE = CANONICAL_BASE + "/Questionnaire/notifiable-disease-report-card";

	/** 卡片编号: a report card's number, {@code <unit>-<yyyyMMdd>-<n>}, kept by its corrections. */
	public static final String REPORT_CARD_NUMBER = CANONICAL_BASE + "/sid/report-card";

	/** 危急值判定依据: lab-flag (the lab flagged it), county-table (the county's table says so). */
	public static final String CRITICAL_VALUE_BASIS = CS + "critical-value-basis";

	/** 危急值处置措施: recalled, referred, treated, phone-contacted, could-not-reach. */
	public static final String CRITICAL_VALUE_ACTION = CS + "critical-value-action";

	/** A critical value notification (Communication.identifier): the result it is about, one loop per result. */
	public static final String CRITICAL_VALUE_ID = CANONICAL_BASE + "/sid/critical-value";

	/** 处方退回原因: why a pharmacist returns a prescription (《医疗机构处方审核规范》 review content). */
	public static final String PRESCRIPTION_RETURN_REASON = CS + "prescription-return-reason";

	/**
	 * The community formulary's drug codes (社区药品目录): a county's own codes, loaded from its formulary file, so
	 * not a code system of the guide.
	 */
	public static final String FORMULARY_DRUG = CANONICAL_BASE + "/formulary/drug";

	/** A screening rule of the formulary that fired (DetectedIssue.reference), {@code <base>/<kind>/<rule id>}. */
	public static final String FORMULARY_RULE = CANONICAL_BASE + "/formulary/rule";

	/** WHO ATC classification. */
	public static final String ATC = "http://www.whocc.no/atc";

	/** Tag the validation interceptor puts on a resource stored in warn mode although it failed its profile. */
	public static final String VALIDATION_TAG = CS + "validation";

	/**
	 * 疾病分类与代码国家临床版 2.0 (the national clinical edition of ICD-10, based on GB/T 14396): the edition every
	 * unit's diagnoses are mapped to. The guide declares it without its codes (content not-present).
	 */
	public static final String ICD10_CN_CLINICAL = CS + "icd-10-cn-clinical";

	/** DICOM modalities and other DICOM controlled terms (DX, CT, ECG, ...), as FHIR codings. */
	public static final String DICOM_DCM = "http://dicom.nema.org/resources/ontology/DCM";

	/** DICOM UIDs as FHIR identifiers (Study Instance UID). */
	public static final String DICOM_UID = "urn:dicom:uid";

	/**
	 * The guide's profiles for each resource type it profiles. A resource of one of these types stored in the hub
	 * declares one of them in {@code meta.profile}; where a type has a single profile the server assigns it to
	 * resources that declare none.
	 */
	public static final Map<String, List<String>> PROFILES_BY_RESOURCE_TYPE = Map.of(
			"Patient", List.of(PATIENT_PROFILE),
			"Organization", List.of(MEMBER_UNIT_PROFILE),
			"DiagnosticReport", List.of(LAB_REPORT_PROFILE, IMAGING_REPORT_PROFILE, ECG_REPORT_PROFILE),
			"Observation", List.of(LAB_RESULT_PROFILE, ECG_MEASUREMENT_PROFILE, RECOGNITION_DECISION_PROFILE),
			"ImagingStudy", List.of(IMAGING_STUDY_PROFILE),
			"ServiceRequest", List.of(REFERRAL_REQUEST_PROFILE, READING_REQUEST_PROFILE),
			"Task", List.of(REFERRAL_TASK_PROFILE, READING_TASK_PROFILE, REPORT_CARD_TASK_PROFILE,
					CRITICAL_VALUE_TASK_PROFILE, PRESCRIPTION_REVIEW_TASK_PROFILE),
			"Condition", List.of(ENCOUNTER_DIAGNOSIS_PROFILE),
			"AllergyIntolerance", List.of(ALLERGY_PROFILE));

	// ---- per-unit systems (never shared between units) ----

	/**
	 * A member unit's own patient number (门诊号 / 住院号 / MRN) when its settings declare no system of their own
	 * (e.g. an {@code urn:oid:<unit OID>.1.1}).
	 */
	public static String unitPatientNumber(String unitCode) {
		return unitIdentifierSystem(unitCode, "mrn");
	}

	/** A member unit's local item codes (its LIS / PACS / ECG order and result codes), source of its ConceptMap. */
	public static String unitItemCodes(String unitCode) {
		return CANONICAL_BASE + "/unit/" + unitCode + "/CodeSystem/item";
	}

	/**
	 * A member unit's own codes of one kind ({@code icd-10}: its local ICD-10 edition; {@code allergen}: its allergen
	 * dictionary), kept beside any national code they map to.
	 */
	public static String unitCodeSystem(String unitCode, String kind) {
		return CANONICAL_BASE + "/unit/" + unitCode + "/CodeSystem/" + kind;
	}

	/** A member unit's accession numbers (检查号, DICOM 0008,0050) of its exams. */
	public static String unitAccession(String unitCode) {
		return CANONICAL_BASE + "/unit/" + unitCode + "/sid/accession";
	}

	/** The ConceptMap from a unit's local item codes to the recognition catalogue. */
	public static String unitItemMap(String unitCode) {
		return CANONICAL_BASE + "/ConceptMap/items-" + unitCode;
	}

	/**
	 * Extension the hub puts on a Patient's resident ID card identifier whose check digit is wrong (valueBoolean
	 * true): the number is kept as the unit sent it but never used to link records of the same person.
	 */
	public static final String ID_CARD_CHECK_FAILED = CANONICAL_BASE + "/StructureDefinition/id-card-check-failed";

	/** Extension on a cross-unit history entry: the member unit (Organization) that performed it. */
	public static final String PERFORMING_UNIT = CANONICAL_BASE + "/StructureDefinition/performing-unit";

	// ---- HL7 v2 feeds (adapters) ----

	/**
	 * Identifier systems the hub derives for a member unit's own numbers (kind: mrn, visit, placer-order,
	 * filler-order, observation, specimen ...) when its settings declare none.
	 */
	public static String unitIdentifierSystem(String unitCode, String kind) {
		return CANONICAL_BASE + "/unit/" + unitCode + "/sid/" + kind;
	}

	/**
	 * Default code system of a member unit's local item codes (OBR-4, OBX-3) when its settings name none: the
	 * source system of the unit's ConceptMap to the recognition catalogue, so feed results map without more setup.
	 */
	public static String unitLocalCodeSystem(String unitCode) {
		return unitItemCodes(unitCode);
	}

	/** {@code meta.source} of resources written from a feed message: this base + unit code + {@code /MSH-10}. */
	public static final String FEED_SOURCE = CANONICAL_BASE + "/feed/";

	/** The DICOMweb Endpoint of a member unit is identified by the unit's MSH-4 code in this system. */
	public static final String DICOMWEB_ENDPOINT = CANONICAL_BASE + "/sid/dicomweb-endpoint";

	public static final String LOINC = "http://loinc.org";
	public static final String UCUM = "http://unitsofmeasure.org";
	/** HL7 table 0074, diagnostic service section (LAB, RAD, EC ...), used as DiagnosticReport.category. */
	public static final String V2_DIAGNOSTIC_SERVICE_SECTION = "http://terminology.hl7.org/CodeSystem/v2-0074";
	public static final String V2_IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203";
	public static final String V3_OBSERVATION_INTERPRETATION =
			"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
	public static final String V3_ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
	public static final String CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category";
	public static final String CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical";
	public static final String CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
	public static final String DIAGNOSIS_ROLE = "http://terminology.hl7.org/CodeSystem/diagnosis-role";
	public static final String ALLERGY_CLINICAL = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical";
	public static final String ALLERGY_VERIFICATION =
			"http://terminology.hl7.org/CodeSystem/allergyintolerance-verification";
	public static final String ENDPOINT_CONNECTION_TYPE =
			"http://terminology.hl7.org/CodeSystem/endpoint-connection-type";
	public static final String DICOM_MODALITY = "http://dicom.nema.org/resources/ontology/DCM";
}
