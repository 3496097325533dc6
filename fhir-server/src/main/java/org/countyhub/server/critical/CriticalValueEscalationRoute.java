package org.countyhub.server.critical;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** Checks the open loops every {@code hub.critical-values.escalation-check} ({@link CriticalValueEscalation}). */
@Component
class CriticalValueEscalationRoute extends RouteBuilder {

	static final String ESCALATE = "direct:critical-value-escalation";

	private final CriticalValueEscalation escalation;
	private final CriticalValueProperties properties;

	CriticalValueEscalationRoute(CriticalValueEscalation escalation, CriticalValueProperties properties) {
		this.escalation = escalation;
		this.properties = properties;
	}

	@Override
	public void configure() {
		errorHandler(defaultErrorHandler().maximumRedeliveries(0).logExhaustedMessageBody(false));
		from("timer:critical-value-escalation?period=" + properties.escalationCheck().toMillis())
				.routeId("critical-value-escalation-check")
				.to(ESCALATE);
		from(ESCALATE).routeId("critical-value-escalation")
				.process(exchange -> exchange.getIn().setBody(escalation.escalateDue()));
	}
}
