package org.countyhub.server.identity;

import java.time.Duration;
import org.apache.camel.builder.RouteBuilder;

/**
 * Runs {@link MatchingRetry} a few times per {@code hub.identity.retry-after} (at least every 5 s), so that a
 * dropped Patient is taken again soon after it is overdue, and ticks every second in between so that a backlog's
 * next batch follows as soon as MDM has done the last; no route when the retry is off (0).
 */
final class MatchingRetryRoute extends RouteBuilder {

	private final MatchingRetry retry;
	private final Duration after;

	MatchingRetryRoute(MatchingRetry retry, Duration after) {
		this.retry = retry;
		this.after = after;
	}

	@Override
	public void configure() {
		if (after.isZero()) {
			return;
		}
		Duration period = Duration.ofMillis(Math.max(5_000, after.toMillis() / 5));
		errorHandler(defaultErrorHandler().maximumRedeliveries(0).logExhaustedMessageBody(false));
		from("timer:identity-matching-retry?delay=" + period.toMillis() + "&period=1000")
				.routeId("identity-matching-retry")
				.process(exchange -> retry.tick(after, period));
	}
}
