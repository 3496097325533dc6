package org.countyhub.feeds.unit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.countyhub.county.CountyDirectory;
import org.countyhub.county.MemberUnit;

/** The member units that may send feeds, by MSH-4 code, each with its code tables. */
public final class FeedUnits {

	private final Map<String, FeedUnit> byCode = new HashMap<>();

	/** @param tablesByUnit code tables read from each unit's folder, by unit code (units without files: none) */
	public FeedUnits(CountyDirectory directory, Map<String, List<CodeTableFile.Table>> tablesByUnit) {
		for (String code : tablesByUnit.keySet()) {
			if (directory.byCode(code).isEmpty()) {
				throw new IllegalArgumentException("code tables for '" + code + "', which is not a declared unit");
			}
		}
		for (MemberUnit unit : directory.units()) {
			byCode.put(unit.code(), new FeedUnit(unit, UnitTables.of(tablesByUnit.getOrDefault(unit.code(), List.of()))));
		}
	}

	public Optional<FeedUnit> byCode(String msh4) {
		return Optional.ofNullable(byCode.get(msh4));
	}
}
