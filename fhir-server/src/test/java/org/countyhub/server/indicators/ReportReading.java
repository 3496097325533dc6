package org.countyhub.server.indicators;

import java.math.BigDecimal;
import org.hl7.fhir.r4.model.MeasureReport;

/** Reads figures out of a summary MeasureReport as a tool reading the hub's reports would. */
final class ReportReading {

	private final MeasureReport report;

	ReportReading(MeasureReport report) {
		this.report = report;
	}

	MeasureReport.MeasureReportGroupComponent group(String code) {
		return report.getGroup().stream().filter(g -> code.equals(g.getCode().getText())).findFirst()
				.orElseThrow(() -> new AssertionError("no group " + code + " in " + report.getMeasure()));
	}

	/** A population's count in the group's total ("total") or in a stratum; 0 when the stratum is absent. */
	int count(String group, String stratifier, String stratum, String population) {
		MeasureReport.MeasureReportGroupComponent g = group(group);
		if ("total".equals(stratifier)) {
			return g.getPopulation().stream().filter(p -> population.equals(p.getCode().getCodingFirstRep().getCode()))
					.findFirst().orElseThrow().getCount();
		}
		return stratumOf(g, stratifier, stratum)
				.map(s -> s.getPopulation().stream()
						.filter(p -> population.equals(p.getCode().getCodingFirstRep().getCode()))
						.findFirst().orElseThrow().getCount())
				.orElse(0);
	}

	/** The score of the total or a stratum, null when there is none. */
	BigDecimal score(String group, String stratifier, String stratum) {
		MeasureReport.MeasureReportGroupComponent g = group(group);
		if ("total".equals(stratifier)) {
			return g.hasMeasureScore() ? g.getMeasureScore().getValue() : null;
		}
		return stratumOf(g, stratifier, stratum).filter(MeasureReport.StratifierGroupComponent::hasMeasureScore)
				.map(s -> s.getMeasureScore().getValue()).orElse(null);
	}

	private static java.util.Optional<MeasureReport.StratifierGroupComponent> stratumOf(
			MeasureReport.MeasureReportGroupComponent g, String stratifier, String stratum) {
		return g.getStratifier().stream()
				.filter(s -> stratifier.equals(s.getCodeFirstRep().getText()))
				.flatMap(s -> s.getStratum().stream())
				.filter(s -> stratum.equals(s.getValue().getText()))
				.findFirst();
	}
}
