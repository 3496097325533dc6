package org.countyhub.feeds.unit;

import java.util.Map;

/** A unit's local codes mapped to standard ones (local item code → LOINC, local unit → UCUM). */
public final class CodeMap {

	public static final CodeMap EMPTY = new CodeMap(Map.of());

	/** A standard code a local code maps to. */
	public record Target(String system, String code, String display) {}

	private final Map<String, Target> targets;

	CodeMap(Map<String, Target> targets) {
		this.targets = Map.copyOf(targets);
	}

	/** Null when the local code is not in the table. */
	public Target get(String localCode) {
		return targets.get(localCode);
	}

	public int size() {
		return targets.size();
	}

	/** Codes of this table that {@code other} maps too. */
	java.util.stream.Stream<String> keysIn(CodeMap other) {
		return targets.keySet().stream().filter(other.targets::containsKey);
	}

	/** This table with {@code fallback}'s entries where this one has none. */
	CodeMap over(CodeMap fallback) {
		java.util.HashMap<String, Target> merged = new java.util.HashMap<>(fallback.targets);
		merged.putAll(targets);
		return new CodeMap(merged);
	}
}
