package org.countyhub.feeds.his;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.countyhub.feeds.fhir.FeedContext;
import org.countyhub.feeds.intake.FeedKind;
import org.countyhub.feeds.intake.FeedRouteConfiguration;
import org.countyhub.feeds.intake.FhirTransactionSink;
import org.hl7.fhir.r4.model.Bundle;

/** HIS ADT feed: patients and visits, one transaction per message (see {@link AdtTranslator}). */
public final class AdtFeedRoute extends RouteBuilder {

	private final AdtTranslator translator = new AdtTranslator();
	private final FhirTransactionSink sink;

	public AdtFeedRoute(FhirTransactionSink sink) {
		this.sink = sink;
	}

	@Override
	public void configure() {
		from(FeedKind.ADT.endpoint()).routeId("his-adt").routeConfigurationId(FeedRouteConfiguration.FEED)
				.process(this::translate)
				.process(this::deliver);
	}

	private void translate(Exchange exchange) {
		exchange.getMessage().setBody(translator.translate(exchange.getMessage().getBody(FeedContext.class)));
	}

	private void deliver(Exchange exchange) {
		exchange.getMessage().setBody(sink.transact(exchange.getMessage().getBody(Bundle.class)));
	}
}
