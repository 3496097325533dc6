package org.countyhub.server.indicators;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * 县域内就诊率 and 县域内住院人次占比 from the month's out-of-county import: member units' visits (or admissions)
 * ÷ theirs plus 县外. A month without an import has no score and its report says the input is missing.
 */
final class InCountyShare implements Indicator {

	private final String measureId;
	private final String group;
	private final ToIntFunction<OutOfCountyVisits.Line> figure;
	private final OutOfCountyVisits imports;

	InCountyShare(String measureId, String group, ToIntFunction<OutOfCountyVisits.Line> figure,
			OutOfCountyVisits imports) {
		this.measureId = measureId;
		this.group = group;
		this.figure = figure;
		this.imports = imports;
	}

	@Override
	public String measureId() {
		return measureId;
	}

	@Override
	public boolean hasInput(ReportMonth month) {
		return imports.lines(month).isPresent();
	}

	@Override
	public List<GroupFigures> compute(ReportMonth month, UnitTypes types) {
		GroupFigures share = new GroupFigures(group, GroupFigures.Scoring.PROPORTION, UnitTypes.UNIT,
				UnitTypes.UNIT_TYPE);
		Optional<List<OutOfCountyVisits.Line>> lines = imports.lines(month);
		lines.ifPresent(all -> {
			for (OutOfCountyVisits.Line line : all) {
				int n = figure.applyAsInt(line);
				if (OutOfCountyVisits.OUTSIDE.equals(line.unit())) {
					share.add(Map.of(), cell -> cell.addDenominator(n, 0));
				} else {
					share.add(types.strata(line.unit()), cell -> cell.addDenominator(n, n));
				}
			}
		});
		return List.of(share);
	}
}
