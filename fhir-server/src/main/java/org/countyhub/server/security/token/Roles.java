package org.countyhub.server.security.token;

import java.util.Set;

/**
 * The roles a token may carry (claim {@code roles}). People: clinician (临床医生), reading-physician (诊断中心医生),
 * referral-coordinator (转诊管理员), pharmacist, operator (运维), bureau-analyst (卫健局), data-steward (MDM review),
 * public-health-officer (公卫 / 防保科: notifiable disease report cards);
 * the three separated admin duties of 等保 2.0: system-admin (系统管理员), security-admin (安全管理员), auditor
 * (审计管理员); medical-admin (医务科: reviews break-glass accesses and refusals of its unit). Systems: unit-system (a member unit's HIS / LIS / PACS, writing for its own unit), metrics-reader (a
 * monitoring system scraping the hub's metrics).
 */
public final class Roles {

	public static final String CLINICIAN = "clinician";
	public static final String READING_PHYSICIAN = "reading-physician";
	public static final String REFERRAL_COORDINATOR = "referral-coordinator";
	public static final String PHARMACIST = "pharmacist";
	public static final String UNIT_SYSTEM = "unit-system";
	public static final String OPERATOR = "operator";
	public static final String BUREAU_ANALYST = "bureau-analyst";
	public static final String AUDITOR = "auditor";
	public static final String SECURITY_ADMIN = "security-admin";
	public static final String SYSTEM_ADMIN = "system-admin";
	public static final String DATA_STEWARD = "data-steward";
	/** A monitoring system (Prometheus) reading {@code /actuator/prometheus}, and nothing else. */
	public static final String METRICS_READER = "metrics-reader";
	public static final String PUBLIC_HEALTH_OFFICER = "public-health-officer";
	/** 医务科: the unit's medical administration, reviewing break-glass accesses and refusals (docs/access.md). */
	public static final String MEDICAL_ADMIN = "medical-admin";

	public static final Set<String> ALL = Set.of(CLINICIAN, READING_PHYSICIAN, REFERRAL_COORDINATOR, PHARMACIST,
			UNIT_SYSTEM, OPERATOR, BUREAU_ANALYST, AUDITOR, SECURITY_ADMIN, SYSTEM_ADMIN, DATA_STEWARD, METRICS_READER,
			PUBLIC_HEALTH_OFFICER, MEDICAL_ADMIN);

	/** The roles that treat patients: the ones shown a patient's full record where the 调阅 rules allow. */
	public static final Set<String> CLINICAL = Set.of(CLINICIAN, READING_PHYSICIAN, REFERRAL_COORDINATOR, PHARMACIST);

	private Roles() {}

	/** The Spring Security authority of a role ({@code ROLE_clinician}). */
	public static String authority(String role) {
		return "ROLE_" + role;
	}
}
