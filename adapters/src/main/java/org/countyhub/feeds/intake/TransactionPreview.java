package org.countyhub.feeds.intake;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.countyhub.feeds.fhir.FeedContext;
import org.hl7.fhir.r4.model.Bundle;

/**
 * The FHIR transaction a kept message makes with today's mapping tables, without writing it: the operator's view of
 * what a journal entry was (or, after a mapping fix, would be on replay) turned into. The same reading and the same
 * feed translator as a delivery; a message that cannot be read fails with the
 * {@link org.countyhub.feeds.fhir.FeedException} a delivery gets.
 */
public final class TransactionPreview {

	private final FeedIntake intake;
	private final Map<FeedKind, TranslatingFeedRoute> feeds = new EnumMap<>(FeedKind.class);

	public TransactionPreview(FeedIntake intake, List<TranslatingFeedRoute> feeds) {
		this.intake = intake;
		for (TranslatingFeedRoute feed : feeds) {
			this.feeds.put(feed.kind(), feed);
		}
	}

	/** The transaction of these raw bytes (the journal's copy of a message). */
	public Bundle of(byte[] raw) {
		FeedContext message = intake.read(raw);
		FeedKind kind = FeedKind.of(message.message(), message.unit());
		TranslatingFeedRoute feed = feeds.get(kind);
		if (feed == null) {
			throw new IllegalStateException("no route for feed " + kind);
		}
		return feed.translate(message);
	}
}
