package org.countyhub.feeds.his;

import org.countyhub.feeds.intake.FeedKind;
import org.countyhub.feeds.intake.FhirTransactionSink;
import org.countyhub.feeds.intake.TranslatingFeedRoute;

/** HIS order feed (ORM^O01, OMG^O19, OML^O21): ServiceRequests (see {@link OrderTranslator}). */
public final class OrderFeedRoute extends TranslatingFeedRoute {

	public OrderFeedRoute(FhirTransactionSink sink) {
		super(FeedKind.ORDER, "his-orders", new OrderTranslator()::translate, sink);
	}
}
