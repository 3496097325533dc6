package org.countyhub.feeds.ecg;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.countyhub.feeds.fhir.FeedContext;
import org.countyhub.feeds.intake.FeedKind;
import org.countyhub.feeds.intake.FeedRouteConfiguration;
import org.countyhub.feeds.intake.FhirTransactionSink;
import org.hl7.fhir.r4.model.Bundle;

/** ECG report feed (ORU^R01): DiagnosticReport, measurements and the PDF (see {@link EcgReportTranslator}). */
public final class EcgReportFeedRoute extends RouteBuilder {

	private final EcgReportTranslator translator = new EcgReportTranslator();
	private final FhirTransactionSink sink;

	public EcgReportFeedRoute(FhirTransactionSink sink) {
		this.sink = sink;
	}

	@Override
	public void configure() {
		from(FeedKind.ECG.endpoint()).routeId("ecg-reports").routeConfigurationId(FeedRouteConfiguration.FEED)
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
