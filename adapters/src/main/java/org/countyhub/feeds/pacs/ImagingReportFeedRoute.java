package org.countyhub.feeds.pacs;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.countyhub.feeds.fhir.FeedContext;
import org.countyhub.feeds.intake.FeedKind;
import org.countyhub.feeds.intake.FeedRouteConfiguration;
import org.countyhub.feeds.intake.FhirTransactionSink;
import org.hl7.fhir.r4.model.Bundle;

/** PACS/RIS report feed (ORU^R01): DiagnosticReport and ImagingStudy (see {@link ImagingReportTranslator}). */
public final class ImagingReportFeedRoute extends RouteBuilder {

	private final ImagingReportTranslator translator = new ImagingReportTranslator();
	private final FhirTransactionSink sink;

	public ImagingReportFeedRoute(FhirTransactionSink sink) {
		this.sink = sink;
	}

	@Override
	public void configure() {
		from(FeedKind.IMAGING.endpoint()).routeId("pacs-reports").routeConfigurationId(FeedRouteConfiguration.FEED)
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
