package org.countyhub.server.indicators;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

/**
 * A month's figures as a summary {@code MeasureReport}: per group the populations of the Measure with their counts
 * and the score, and one stratum per unit, unit type and the group's other stratifiers; for one unit
 * ({@code reporter}) the group's figures are that unit's stratum. Only counts: no patient is named.
 */
final class MeasureReports {

	private static final String POPULATION = "http://terminology.hl7.org/CodeSystem/measure-population";

	private MeasureReports() {}

	static MeasureReport of(Measure measure, MonthFigures figures, Optional<String> unit, Date now) {
		MeasureReport report = new MeasureReport();
		report.setStatus(figures.hasInput() ? MeasureReport.MeasureReportStatus.COMPLETE
				: MeasureReport.MeasureReportStatus.PENDING);
		report.setType(MeasureReport.MeasureReportType.SUMMARY);
		report.setMeasure(measure.getUrl());
		report.setDate(now);
		report.setPeriod(new Period().setStart(Date.from(figures.month().start()))
				.setEnd(Date.from(figures.month().end().minusMillis(1))));
		unit.ifPresent(u -> report.setReporter(new Reference("Organization/" + u)));
		if (measure.hasImprovementNotation()) {
			report.setImprovementNotation(measure.getImprovementNotation().copy());
		}
		for (int i = 0; i < figures.groups().size(); i++) {
			GroupFigures group = figures.groups().get(i);
			Measure.MeasureGroupComponent definition = measure.getGroup().get(i);
			MeasureReport.MeasureReportGroupComponent out = report.addGroup();
			out.setCode(definition.getCode().copy());
			if (unit.isPresent()) {
				GroupFigures.Cell cell = group.strata().getOrDefault(UnitTypes.UNIT, Map.of()).get(unit.get());
				populations(out, definition, group, cell == null ? new GroupFigures.Cell() : cell);
				continue;
			}
			populations(out, definition, group, group.total());
			for (Measure.MeasureGroupStratifierComponent stratifierDefinition : definition.getStratifier()) {
				String name = stratifierDefinition.getCode().getText();
				Map<String, GroupFigures.Cell> cells = group.strata().get(name);
				if (cells == null) {
					continue;
				}
				MeasureReport.MeasureReportGroupStratifierComponent stratifier = out.addStratifier();
				stratifier.addCode(stratifierDefinition.getCode().copy());
				cells.forEach((value, cell) -> {
					MeasureReport.StratifierGroupComponent stratum = stratifier.addStratum();
					stratum.setValue(new CodeableConcept().setText(value));
					for (Measure.MeasureGroupPopulationComponent p : definition.getPopulation()) {
						stratum.addPopulation().setCode(p.getCode().copy()).setCount(count(p, cell));
					}
					Double score = group.score(cell);
					if (score != null) {
						stratum.setMeasureScore(quantity(score, group.scoring()));
					}
				});
			}
		}
		return report;
	}

	private static void populations(MeasureReport.MeasureReportGroupComponent out,
			Measure.MeasureGroupComponent definition, GroupFigures group, GroupFigures.Cell cell) {
		for (Measure.MeasureGroupPopulationComponent p : definition.getPopulation()) {
			out.addPopulation().setCode(p.getCode().copy()).setCount(count(p, cell));
		}
		Double score = group.score(cell);
		if (score != null) {
			out.setMeasureScore(quantity(score, group.scoring()));
		}
	}

	/** The count of one population of the Measure's group in a cell. */
	private static int count(Measure.MeasureGroupPopulationComponent population, GroupFigures.Cell cell) {
		Coding code = population.getCode().getCodingFirstRep();
		if (!POPULATION.equals(code.getSystem())) {
			return cell.count();
		}
		return switch (code.getCode()) {
			case "numerator" -> cell.numerator();
			case "denominator" -> cell.denominator();
			default -> cell.count() + (cell.count() == 0 ? cell.denominator() : 0);
		};
	}

	/** A proportion as a ratio (0–1, four decimals); a count as such; hours in hours. */
	static Quantity quantity(double score, GroupFigures.Scoring scoring) {
		Quantity q = new Quantity().setValue(BigDecimal.valueOf(score).setScale(
				scoring == GroupFigures.Scoring.COUNT ? 0 : 4, RoundingMode.HALF_UP));
		if (scoring == GroupFigures.Scoring.MEDIAN || scoring == GroupFigures.Scoring.P90) {
			q.setSystem("http://unitsofmeasure.org").setCode("h").setUnit("h");
		} else if (scoring == GroupFigures.Scoring.PROPORTION) {
			q.setSystem("http://unitsofmeasure.org").setCode("1").setUnit("1");
		}
		return q;
	}
}
