package org.countyhub.feeds.intake;

import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.countyhub.feeds.fhir.FeedContext;
import org.hl7.fhir.r4.model.Bundle;

/**
 * The shape every feed route has: take the accepted message from its feed's endpoint, translate it into one FHIR
 * transaction, deliver that transaction. Error handling is the shared feed route configuration's, declared once.
 * Each feed is its own subclass, so a feed's route is found by its name and reads as the flow it implements.
 */
public abstract class TranslatingFeedRoute extends RouteBuilder {

	private final FeedKind kind;
	private final String routeId;
	private final Function<FeedContext, Bundle> translator;
	private final FhirTransactionSink sink;

	protected TranslatingFeedRoute(
			FeedKind kind, String routeId, Function<FeedContext, Bundle> translator, FhirTransactionSink sink) {
		this.kind = kind;
		this.routeId = routeId;
		this.translator = translator;
		this.sink = sink;
	}

	@Override
	public final void configure() {
		from(kind.endpoint()).routeId(routeId).routeConfigurationId(FeedRouteConfiguration.FEED)
				.process(this::translate)
				.process(this::deliver);
	}

	/** The feed this route implements. */
	public FeedKind kind() {
		return kind;
	}

	/** The transaction this feed makes of a message (no side effect: nothing is written). */
	public Bundle translate(FeedContext message) {
		return translator.apply(message);
	}

	private void translate(Exchange exchange) {
		exchange.getMessage().setBody(translate(exchange.getMessage().getBody(FeedContext.class)));
	}

	private void deliver(Exchange exchange) {
		exchange.getMessage().setBody(sink.transact(exchange.getMessage().getBody(Bundle.class)));
	}
}
