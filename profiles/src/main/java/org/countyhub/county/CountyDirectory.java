package org.countyhub.county;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The county's member units, checked for consistency once when loaded: unique MSH-4 codes and ids, and every
 * {@code partOf} naming a declared unit, without cycles. Lookups by MSH-4 code are what the feeds need.
 */
public final class CountyDirectory {

	private final Community community;
	private final Map<String, MemberUnit> unitsByCode;

	public CountyDirectory(Community community, List<MemberUnit> units) {
		this.community = community;
		Map<String, MemberUnit> byCode = new LinkedHashMap<>();
		Set<String> ids = new HashSet<>();
		ids.add(community.id());
		for (MemberUnit unit : units) {
			if (byCode.putIfAbsent(unit.code(), unit) != null) {
				throw new IllegalArgumentException("unit code (MSH-4) '" + unit.code() + "' is declared twice");
			}
			if (!ids.add(unit.id())) {
				throw new IllegalArgumentException("unit '" + unit.code() + "': id '" + unit.id() + "' is already used");
			}
		}
		for (MemberUnit unit : units) {
			if (unit.partOf() != null && !byCode.containsKey(unit.partOf())) {
				throw new IllegalArgumentException("unit '" + unit.code() + "': partOf '" + unit.partOf()
						+ "' is not a declared unit code");
			}
			checkNoCycle(unit, byCode);
		}
		this.unitsByCode = Collections.unmodifiableMap(byCode);
	}

	private static void checkNoCycle(MemberUnit start, Map<String, MemberUnit> byCode) {
		Set<String> seen = new HashSet<>();
		MemberUnit current = start;
		while (current != null && current.partOf() != null) {
			if (!seen.add(current.code())) {
				throw new IllegalArgumentException("unit '" + start.code() + "': partOf forms a cycle");
			}
			current = byCode.get(current.partOf());
		}
	}

	public Community community() {
		return community;
	}

	public List<MemberUnit> units() {
		return List.copyOf(unitsByCode.values());
	}

	public Optional<MemberUnit> byCode(String msh4Code) {
		return Optional.ofNullable(unitsByCode.get(msh4Code));
	}

	/** Units ordered so that every unit comes after the unit it is part of. */
	public List<MemberUnit> parentsFirst() {
		List<MemberUnit> ordered = new ArrayList<>();
		Map<String, Integer> depth = new HashMap<>();
		for (MemberUnit unit : unitsByCode.values()) {
			depth.put(unit.code(), depthOf(unit));
		}
		ordered.addAll(unitsByCode.values());
		ordered.sort((a, b) -> Integer.compare(depth.get(a.code()), depth.get(b.code())));
		return ordered;
	}

	private int depthOf(MemberUnit unit) {
		int depth = 0;
		MemberUnit current = unit;
		while (current.partOf() != null) {
			current = unitsByCode.get(current.partOf());
			depth++;
		}
		return depth;
	}
}
