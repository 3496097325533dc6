package org.countyhub.server.indicators;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.countyhub.server.recognition.catalog.CatalogueItem;
import org.countyhub.server.recognition.catalog.RecognitionCatalog;
import org.countyhub.server.recognition.figures.FigureRow;
import org.countyhub.server.recognition.figures.RecognitionFigures;
import org.springframework.stereotype.Component;

/**
 * 检查检验结果互认 (Measure {@code result-recognition}) from the recognition figures the hub already keeps (one
 * definition of "recognisable" and "decision" for both), regrouped as the Measure's groups with the item's
 * category as a stratifier.
 */
@Component
class RecognitionIndicator implements Indicator {

	static final String CATEGORY = "category";
	static final String REASON = "reason";

	private final RecognitionFigures figures;
	private final RecognitionCatalog catalog;

	RecognitionIndicator(RecognitionFigures figures, RecognitionCatalog catalog) {
		this.figures = figures;
		this.catalog = catalog;
	}

	@Override
	public String measureId() {
		return "result-recognition";
	}

	@Override
	public List<GroupFigures> compute(ReportMonth month, UnitTypes types) {
		GroupFigures atOrdering = new GroupFigures("recognisable-at-ordering", GroupFigures.Scoring.COUNT,
				UnitTypes.UNIT, UnitTypes.UNIT_TYPE, CATEGORY);
		GroupFigures rate = new GroupFigures("recognition-rate", GroupFigures.Scoring.PROPORTION, UnitTypes.UNIT,
				UnitTypes.UNIT_TYPE, CATEGORY);
		GroupFigures refused = new GroupFigures("not-recognised", GroupFigures.Scoring.COUNT, UnitTypes.UNIT,
				UnitTypes.UNIT_TYPE, REASON);
		GroupFigures avoided = new GroupFigures("exams-avoided", GroupFigures.Scoring.COUNT, UnitTypes.UNIT,
				UnitTypes.UNIT_TYPE, CATEGORY);
		for (FigureRow row : figures.month(month.month(), Optional.empty())) {
			Map<String, String> in = new HashMap<>(types.strata(row.unit()));
			in.put(CATEGORY, catalog.item(row.item()).map(CatalogueItem::category).orElse("unknown"));
			atOrdering.add(in, cell -> cell.count += row.ordersWithPriorResult());
			rate.add(in, cell -> cell.addDenominator(row.recognised() + row.notRecognised(), row.recognised()));
			avoided.add(in, cell -> cell.count += row.testsAvoided());
			row.notRecognisedByReason().forEach((reason, n) -> {
				Map<String, String> byReason = new HashMap<>(types.strata(row.unit()));
				byReason.put(REASON, reason);
				refused.add(byReason, cell -> cell.count += n);
			});
		}
		return List.of(atOrdering, rate, refused, avoided);
	}
}
