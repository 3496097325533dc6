package org.countyhub.feeds.lis;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.countyhub.feeds.fhir.FeedContext;
import org.countyhub.feeds.intake.FeedKind;
import org.countyhub.feeds.intake.FeedRouteConfiguration;
import org.countyhub.feeds.intake.FhirTransactionSink;
import org.hl7.fhir.r4.model.Bundle;

/** LIS result feed (ORU^R01): DiagnosticReport with Observations (see {@link LabReportTranslator}). */
public final class LabResultFeedRoute extends RouteBuilder {

	private final LabReportTranslator translator = new LabReportTranslator();
	private final FhirTransactionSink sink;

	public LabResultFeedRoute(FhirTransactionSink sink) {
		this.sink = sink;
	}

	@Override
	public void configure() {
		from(FeedKind.LAB.endpoint()).routeId("lis-results").routeConfigurationId(FeedRouteConfiguration.FEED)
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
