package org.countyhub.server.publichealth;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.countyhub.server.config.HubProperties;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;

/**
 * The public-health routes: the daily export of confirmed cards to {@code hub.public-health.export-endpoint} (any
 * Camel endpoint: by default a folder under the data dir, for a county's provincial platform e.g. an sftp or https
 * endpoint) at {@code export-schedule}, and the overdue check every {@code overdue-check}. A send that fails records
 * nothing, so the next run sends the same cards again.
 */
@Component
class ReportCardExportRoute extends RouteBuilder {

	static final String EXPORT = "direct:public-health-export";
	static final String OVERDUE = "direct:public-health-overdue";

	private final ReportCardExport export;
	private final OverdueCards overdue;
	private final PublicHealthProperties properties;
	private final String destination;
	private final AtomicReference<Instant> lastTick = new AtomicReference<>(Instant.now());

	ReportCardExportRoute(ReportCardExport export, OverdueCards overdue, PublicHealthProperties properties,
			HubProperties hub) {
		this.export = export;
		this.overdue = overdue;
		this.properties = properties;
		this.destination = properties.exportEndpoint().isBlank()
				? "file:" + hub.dataDir().resolve("public-health/outbox").toAbsolutePath()
				: properties.exportEndpoint();
	}

	@Override
	public void configure() {
		errorHandler(defaultErrorHandler().maximumRedeliveries(0).logExhaustedMessageBody(false));

		from("timer:public-health-overdue?period=" + properties.overdueCheck().toMillis())
				.routeId("public-health-overdue-check")
				.to(OVERDUE);
		from(OVERDUE).routeId("public-health-overdue")
				.process(exchange -> exchange.getIn().setBody(overdue.flag()));

		if (!"-".equals(properties.exportSchedule())) {
			CronExpression cron = CronExpression.parse(properties.exportSchedule());
			from("timer:public-health-export?period=60000")
					.routeId("public-health-export-schedule")
					.filter(exchange -> due(cron))
					.to(EXPORT);
		}

		from(EXPORT).routeId("public-health-export")
				.process(exchange -> exchange.setProperty("batch", export.next()))
				.filter(exchange -> !exchange.getProperty("batch", ReportCardExport.Batch.class).isEmpty())
				.process(exchange -> exchange.getIn().setBody(
						exchange.getProperty("batch", ReportCardExport.Batch.class).files()))
				.split(body())
					.process(exchange -> {
						ReportCardExport.ExportFile file = exchange.getIn().getBody(ReportCardExport.ExportFile.class);
						exchange.getIn().setHeader(Exchange.FILE_NAME, file.name());
						exchange.getIn().setHeader(Exchange.CONTENT_TYPE, file.contentType());
						exchange.getIn().setBody(file.content());
					})
					.to(destination)
				.end()
				.process(exchange -> export.recorded(exchange.getProperty("batch", ReportCardExport.Batch.class),
						destination));
	}

	/** Whether the schedule fired since the previous tick (in the county's zone). */
	private boolean due(CronExpression cron) {
		Instant now = Instant.now();
		Instant previous = lastTick.getAndSet(now);
		ZonedDateTime next = cron.next(previous.atZone(properties.zone()));
		return next != null && !next.toInstant().isAfter(now);
	}
}
