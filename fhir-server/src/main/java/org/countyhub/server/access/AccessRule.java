package org.countyhub.server.access;

/**
 * Why a record of a patient was shown to a caller, or why not: the codes the access records carry
 * ({@code AuditEvent.purposeOfEvent}, system {@link #SYSTEM}) and docs/access.md explains.
 */
public enum AccessRule {
	/** The record is held by a unit the caller's token carries. */
	OWN_UNIT("own-unit", true),
	/** The acting unit treats the person (Encounter, open reading request or referral). */
	RELATIONSHIP("relationship", true),
	/** The person's active Consent permits sharing with the unit. */
	CONSENT("consent", true),
	/** A running 紧急调阅 grant of this user. */
	BREAK_GLASS("break-glass", true),
	/** An admin duty that sees every record (system-admin, data-steward), recorded like any other access. */
	ADMIN_ROLE("admin-role", true),
	/**
	 * MDM's person record (no unit's; the units' records behind it are decided each), or a Patient the hub cannot
	 * read yet (written earlier in the same transaction): nothing to restrict it by. A unit's record that names no
	 * unit is not this: no caller's own, it is decided by the other rules.
	 */
	NO_UNIT("no-unit", true),
	/** The person refused sharing (a deny Consent), which wins over a relationship. */
	CONSENT_DENIED("consent-denied", false),
	/** No reason the hub can verify. */
	NONE("none", false),
	/** The caller's roles never see patients (bureau, auditor, security admin, medical admin). */
	ROLE_SEES_NO_PATIENT("role-sees-no-patient", false);

	public static final String SYSTEM = "https://countyhub.org/fhir/CodeSystem/access-rule";

	private final String code;
	private final boolean allows;

	AccessRule(String code, boolean allows) {
		this.code = code;
		this.allows = allows;
	}

	public String code() {
		return code;
	}

	public boolean allows() {
		return allows;
	}
}
