package org.countyhub.server.console.indicators;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MeasureReport;

/** The month's MeasureReports as the hub's {@code $evaluate-measure} answers them, read by Measure and group. */
final class ReportFigures {

	/** One stratum of a group: its value, population counts by code, and score. */
	record Stratum(String value, Map<String, Integer> populations, BigDecimal score) {

		int count(String population) {
			return populations.getOrDefault(population, 0);
		}
	}

	private final Map<String, MeasureReport> byMeasure = new HashMap<>();

	ReportFigures(Bundle reports) {
		for (Bundle.BundleEntryComponent entry : reports.getEntry()) {
			if (entry.getResource() instanceof MeasureReport report) {
				byMeasure.put(report.getMeasure().substring(report.getMeasure().lastIndexOf('/') + 1), report);
			}
		}
	}

	/** Whether the Measure's input is there (false: the report is pending, e.g. no out-of-county import). */
	boolean complete(String measure) {
		return Optional.ofNullable(byMeasure.get(measure))
				.map(r -> r.getStatus() == MeasureReport.MeasureReportStatus.COMPLETE).orElse(false);
	}

	/** The group's total score, if it has one. */
	Optional<BigDecimal> score(String measure, String group) {
		return group(measure, group).filter(MeasureReport.MeasureReportGroupComponent::hasMeasureScore)
				.map(g -> g.getMeasureScore().getValue());
	}

	/** The strata of one stratifier of the group. */
	List<Stratum> strata(String measure, String group, String stratifier) {
		List<Stratum> strata = new ArrayList<>();
		group(measure, group).ifPresent(g -> g.getStratifier().stream()
				.filter(s -> stratifier.equals(s.getCodeFirstRep().getText()))
				.flatMap(s -> s.getStratum().stream())
				.forEach(s -> {
					Map<String, Integer> populations = new HashMap<>();
					s.getPopulation().forEach(p -> populations.put(p.getCode().getCodingFirstRep().getCode(), p.getCount()));
					strata.add(new Stratum(s.getValue().getText(), populations,
							s.hasMeasureScore() ? s.getMeasureScore().getValue() : null));
				}));
		return strata;
	}

	private Optional<MeasureReport.MeasureReportGroupComponent> group(String measure, String group) {
		return Optional.ofNullable(byMeasure.get(measure)).flatMap(r -> r.getGroup().stream()
				.filter(g -> group.equals(g.getCode().getText())).findFirst());
	}
}
