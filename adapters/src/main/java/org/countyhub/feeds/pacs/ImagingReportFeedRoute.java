package org.countyhub.feeds.pacs;

import org.countyhub.feeds.intake.FeedKind;
import org.countyhub.feeds.intake.FhirTransactionSink;
import org.countyhub.feeds.intake.TranslatingFeedRoute;

/** PACS/RIS report feed (ORU^R01): DiagnosticReport and ImagingStudy (see {@link ImagingReportTranslator}). */
public final class ImagingReportFeedRoute extends TranslatingFeedRoute {

	public ImagingReportFeedRoute(FhirTransactionSink sink) {
		super(FeedKind.IMAGING, "pacs-reports", new ImagingReportTranslator()::translate, sink);
	}
}
