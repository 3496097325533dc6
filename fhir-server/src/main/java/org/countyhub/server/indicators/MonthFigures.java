package org.countyhub.server.indicators;

import java.util.List;

/** One Measure's figures for one month, and whether its input was there. */
public record MonthFigures(String measureId, ReportMonth month, boolean hasInput, List<GroupFigures> groups) {

	public GroupFigures group(String code) {
		return groups.stream().filter(g -> g.code().equals(code)).findFirst()
				.orElseThrow(() -> new IllegalArgumentException("no group " + code + " in " + measureId));
	}
}
