package org.countyhub.feeds.lis;

import org.countyhub.feeds.results.ReportTranslator;
import org.countyhub.feeds.results.ResultGroup;

/**
 * LIS results (ORU^R01): every OBX becomes an Observation of the report, except documents (ED), which become
 * the report's presented form (FHIR R4 Observations cannot hold attachments).
 */
public final class LabReportTranslator extends ReportTranslator {

	public LabReportTranslator() {
		super("LAB", "Laboratory");
	}

	@Override
	protected void results(ResultGroup group, Report report) {
		for (ResultGroup.Result result : group.results()) {
			if (result.obx().value(2).equals("ED")) {
				report.addPresentedForm(result.obx());
			} else {
				report.addObservation(result, group);
			}
		}
	}
}
