package org.countyhub.server.console;

import java.util.List;

/**
 * The person signed in to the console, as their ID token says (user name, roles, member units), with the unit
 * they act for now: their only unit, or the one they chose (单位切换), and who they are in FHIR ({@code fhirUser},
 * e.g. {@code Practitioner/demo-reader-xrmyy}; null when the sign-in names none).
 */
public record ConsoleUser(String username, List<String> roles, List<String> units, String actingUnit,
		String fhirUser) {

	/** Several units and none chosen yet: the unit choice comes first. */
	public boolean mustChooseUnit() {
		return actingUnit == null && units.size() > 1;
	}

	public boolean canSwitchUnit() {
		return units.size() > 1;
	}
}
