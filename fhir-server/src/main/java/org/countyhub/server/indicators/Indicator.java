package org.countyhub.server.indicators;

import java.util.List;

/** One Measure of the guide, computed from the hub's data: its groups' figures for a month. */
interface Indicator {

	/** The Measure's id in the guide ({@code Measure-<id>.json}). */
	String measureId();

	/** Whether the month's input is there (an import the indicator depends on); false gives a pending report. */
	default boolean hasInput(ReportMonth month) {
		return true;
	}

	/** The figures of every group of the Measure, in the Measure's order. */
	List<GroupFigures> compute(ReportMonth month, UnitTypes units);
}
