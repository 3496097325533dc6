package org.countyhub.feeds.lis;

import org.countyhub.feeds.intake.FeedKind;
import org.countyhub.feeds.intake.FhirTransactionSink;
import org.countyhub.feeds.intake.TranslatingFeedRoute;

/** LIS result feed (ORU^R01): DiagnosticReport with Observations (see {@link LabReportTranslator}). */
public final class LabResultFeedRoute extends TranslatingFeedRoute {

	public LabResultFeedRoute(FhirTransactionSink sink) {
		super(FeedKind.LAB, "lis-results", new LabReportTranslator()::translate, sink);
	}
}
