package org.countyhub.feeds.ecg;

import java.util.Set;
import org.countyhub.profiles.HubSystems;
import org.countyhub.feeds.results.ObservationTranslator;
import org.countyhub.feeds.results.ReportTranslator;
import org.countyhub.feeds.results.ResultGroup;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;

/**
 * ECG results (ORU^R01 from the ECG system): measurements (NM/SN: heart rate, PR, QRS, QT/QTc, axes) become
 * Observations, the tracing report (ED, usually a PDF) the report's presented form, and the text
 * interpretation (ST/TX/FT) its conclusion.
 */
public final class EcgReportTranslator extends ReportTranslator {

	private static final Set<String> TEXT = Set.of("ST", "TX", "FT");
	private static final String HEART_RATE = "8867-4";
	private static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";

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
				Observation measurement = report.addObservation(result, group);
				if (measurement.getCode().getCoding().stream()
						.anyMatch(c -> HubSystems.LOINC.equals(c.getSystem()) && HEART_RATE.equals(c.getCode()))) {
					// base R4 holds every heart rate to its vital-signs profile, which wants this category too
					measurement.addCategory().addCoding(new Coding(OBSERVATION_CATEGORY, "vital-signs", "Vital Signs"));
				}
			}
		}
	}
}
