package org.countyhub.server.validation;

/** What the hub does with a write that does not conform to the guide. */
public enum ValidationMode {
	/** Not validated. */
	OFF,
	/**
	 * Validated against the profiles it declares and stored anyway; a resource that fails is tagged
	 * {@code https://countyhub.org/fhir/CodeSystem/validation|failed-profile} so operators can find it.
	 */
	WARN,
	/** Must declare one of the guide's profiles for its type and conform to it, or the write is refused (422). */
	REJECT
}
