package org.countyhub.server.indicators;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The figures as flat rows, one per group and stratum (the total as stratifier "total"): what the CSV export and
 * the page's tables show.
 */
public final class FigureTable {

	public static final List<String> HEADER = List.of("month", "measure", "group", "stratifier", "stratum",
			"stratum_name", "count", "numerator", "denominator", "score");

	/** One row. */
	public record Row(String month, String measure, String group, String stratifier, String stratum,
			String stratumName, int count, int numerator, int denominator, BigDecimal score) {

		public List<String> fields() {
			return List.of(month, measure, group, stratifier, stratum, stratumName == null ? "" : stratumName,
					String.valueOf(count), String.valueOf(numerator), String.valueOf(denominator),
					score == null ? "" : score.toPlainString());
		}
	}

	private FigureTable() {}

	/** Rows of these figures, optionally of one group and one stratifier; names for unit strata. */
	public static List<Row> rows(List<MonthFigures> figures, Optional<String> measure, Optional<String> group,
			Optional<String> stratifier, Map<String, String> unitNames) {
		List<Row> rows = new ArrayList<>();
		for (MonthFigures f : figures) {
			if (measure.isPresent() && !measure.get().equals(f.measureId())) {
				continue;
			}
			for (GroupFigures g : f.groups()) {
				if (group.isPresent() && !group.get().equals(g.code())) {
					continue;
				}
				if (stratifier.isEmpty() || stratifier.get().equals("total")) {
					rows.add(row(f, g, "total", "", null, g.total()));
				}
				g.strata().forEach((name, cells) -> {
					if (stratifier.isEmpty() || stratifier.get().equals(name)) {
						cells.forEach((value, cell) -> rows.add(row(f, g, name, value,
								UnitTypes.UNIT.equals(name) ? unitNames.get(value) : null, cell)));
					}
				});
			}
		}
		return rows;
	}

	private static Row row(MonthFigures f, GroupFigures g, String stratifier, String stratum, String name,
			GroupFigures.Cell cell) {
		Double score = g.score(cell);
		// a proportion's population is its denominator
		int count = g.scoring() == GroupFigures.Scoring.PROPORTION ? cell.denominator() : cell.count();
		return new Row(f.month().toString(), f.measureId(), g.code(), stratifier, stratum, name, count,
				cell.numerator(), cell.denominator(), score == null ? null
						: BigDecimal.valueOf(score).setScale(g.scoring() == GroupFigures.Scoring.COUNT ? 0 : 4,
								RoundingMode.HALF_UP));
	}
}
