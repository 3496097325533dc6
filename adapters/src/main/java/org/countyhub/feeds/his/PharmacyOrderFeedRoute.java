package org.countyhub.feeds.his;

import org.countyhub.feeds.intake.FeedKind;
import org.countyhub.feeds.intake.FhirTransactionSink;
import org.countyhub.feeds.intake.TranslatingFeedRoute;

/** HIS pharmacy order feed (RDE^O11, OMP^O09): MedicationRequests (see {@link PharmacyOrderTranslator}). */
public final class PharmacyOrderFeedRoute extends TranslatingFeedRoute {

	public PharmacyOrderFeedRoute(FhirTransactionSink sink) {
		super(FeedKind.PHARMACY, "his-pharmacy-orders", new PharmacyOrderTranslator()::translate, sink);
	}
}
