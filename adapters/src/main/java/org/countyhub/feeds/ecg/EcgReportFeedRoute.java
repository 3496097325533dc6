package org.countyhub.feeds.ecg;

import org.countyhub.feeds.intake.FeedKind;
import org.countyhub.feeds.intake.FhirTransactionSink;
import org.countyhub.feeds.intake.TranslatingFeedRoute;

/** ECG report feed (ORU^R01): DiagnosticReport, measurements and the PDF (see {@link EcgReportTranslator}). */
public final class EcgReportFeedRoute extends TranslatingFeedRoute {

	public EcgReportFeedRoute(FhirTransactionSink sink) {
		super(FeedKind.ECG, "ecg-reports", new EcgReportTranslator()::translate, sink);
	}
}
