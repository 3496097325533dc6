package org.countyhub.feeds.his;

import org.countyhub.feeds.intake.FeedKind;
import org.countyhub.feeds.intake.FhirTransactionSink;
import org.countyhub.feeds.intake.TranslatingFeedRoute;

/** HIS ADT feed: patients and visits, one transaction per message (see {@link AdtTranslator}). */
public final class AdtFeedRoute extends TranslatingFeedRoute {

	public AdtFeedRoute(FhirTransactionSink sink) {
		super(FeedKind.ADT, "his-adt", new AdtTranslator()::translate, sink);
	}
}
