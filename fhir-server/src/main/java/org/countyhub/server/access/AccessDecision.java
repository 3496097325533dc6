package org.countyhub.server.access;

import java.util.Set;

/**
 * The decision for one caller and one Patient record: the rule, the unit that holds the record (MSH-4 code,
 * null when it names none), and the sensitive labels the caller may see on it ({@code allLabels}: every one).
 */
public record AccessDecision(AccessRule rule, String recordUnit, Set<String> labels, boolean allLabels) {

	public boolean allows() {
		return rule.allows();
	}

	/** True when a record carrying this sensitive label may be shown. */
	public boolean showsLabel(String label) {
		return allLabels || labels.contains(label);
	}

	/** The purpose of use recorded with the access (v3 ActReason): emergency treatment for break-glass. */
	public String purposeOfUse() {
		return rule == AccessRule.BREAK_GLASS ? "ETREAT" : "TREAT";
	}
}
