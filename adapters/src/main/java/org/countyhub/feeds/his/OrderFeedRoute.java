package org.countyhub.feeds.his;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.countyhub.feeds.fhir.FeedContext;
import org.countyhub.feeds.intake.FeedKind;
import org.countyhub.feeds.intake.FeedRouteConfiguration;
import org.countyhub.feeds.intake.FhirTransactionSink;
import org.hl7.fhir.r4.model.Bundle;

/** HIS order feed (ORM^O01, OMG^O19, OML^O21): ServiceRequests (see {@link OrderTranslator}). */
public final class OrderFeedRoute extends RouteBuilder {

	private final OrderTranslator translator = new OrderTranslator();
	private final FhirTransactionSink sink;

	public OrderFeedRoute(FhirTransactionSink sink) {
		this.sink = sink;
	}

	@Override
	public void configure() {
		from(FeedKind.ORDER.endpoint()).routeId("his-orders").routeConfigurationId(FeedRouteConfiguration.FEED)
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
