package org.countyhub.server.audit;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The access records' background jobs: the feed intake outbox drained every {@code hub.audit.outbox-drain}, the
 * records past retention removed every {@code hub.audit.purge-check}.
 */
@Component
class AuditJobsRoute extends RouteBuilder {

	private final FeedIntakeAudit feeds;
	private final AuditRetention retention;
	private final AuditProperties properties;

	AuditJobsRoute(FeedIntakeAudit feeds, AuditRetention retention, AuditProperties properties) {
		this.feeds = feeds;
		this.retention = retention;
		this.properties = properties;
	}

	@Override
	public void configure() {
		errorHandler(defaultErrorHandler().maximumRedeliveries(0).logExhaustedMessageBody(false));
		from("timer:audit-outbox?period=" + properties.outboxDrain().toMillis())
				.routeId("audit-outbox-drain")
				.process(exchange -> {
					int drained;
					do {
						drained = feeds.drain();
					} while (drained == FeedIntakeAudit.BATCH); // a full batch: more may wait
				});
		from("timer:audit-purge?delay=60000&period=" + properties.purgeCheck().toMillis())
				.routeId("audit-purge")
				.process(exchange -> retention.purge());
	}
}
