package org.countyhub.feeds.ecg;

import java.util.Set;
import org.countyhub.feeds.results.ObservationTranslator;
import org.countyhub.feeds.results.ReportTranslator;
import org.countyhub.feeds.results.ResultGroup;

/**
 * ECG results (ORU^R01 from the ECG system): measurements (NM/SN: heart rate, PR, QRS, QT/QTc, axes) become
 * Observations, the tracing report (ED, usually a PDF) the report's presented form, and the text
 * interpretation (ST/TX/FT) its conclusion.
 */
public final class EcgReportTranslator extends ReportTranslator {

	private static final Set<String> TEXT = Set.of("ST", "TX", "FT");

	public EcgReportTranslator() {
		super("EC", "Electrocardiac (e.g., EKG, EEC, Holter)");
	}

	@Override
	protected void results(ResultGroup group, Report report) {
		for (ResultGroup.Result result : group.results()) {
			String type = result.obx().value(2);
			if (type.equals("ED")) {
				report.addPresentedForm(result.obx());
			} else if (TEXT.contains(type)) {
				report.appendConclusion(ObservationTranslator.text(result.obx()));
			} else {
				report.addObservation(result, group);
			}
		}
	}
}
