package org.countyhub.server.pacs;

import java.io.IOException;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * 影像调阅: on every tick, poll each member unit's PACS that is due (see {@link PacsPoller}), one exchange per PACS
 * so that one unreachable PACS does not hold up the others. A PACS that does not answer is logged once, and again
 * when it answers ({@link PacsReachability}); it is polled at the unit's next interval; the studies stay in the PACS,
 * so nothing is lost by not redelivering.
 */
@Component
@ConditionalOnProperty(prefix = "hub.pacs", name = "enabled", havingValue = "true", matchIfMissing = true)
class PacsPollingRoute extends RouteBuilder {

	private final PacsPoller poller;
	private final PacsProperties properties;
	private final PacsReachability reachability = new PacsReachability();

	PacsPollingRoute(PacsPoller poller, PacsProperties properties) {
		this.poller = poller;
		this.properties = properties;
	}

	@Override
	public void configure() {
		errorHandler(defaultErrorHandler().maximumRedeliveries(0).logExhaustedMessageBody(false));

		from("timer:pacs-poll?delay=" + properties.tick().toMillis() + "&period=" + properties.tick().toMillis())
				.routeId("pacs-poll")
				.process(exchange -> exchange.getIn().setBody(poller.dueSources()))
				.split(body())
					.process(exchange -> poll(exchange.getIn().getBody(PacsPoller.PacsSource.class)))
				.end();
	}

	private void poll(PacsPoller.PacsSource source) throws InterruptedException {
		try {
			poller.poll(source);
			reachability.answered(source.unit().code(), source.endpointId());
		} catch (IOException e) {
			reachability.failed(source.unit().code(), source.endpointId(), e);
		}
	}
}
