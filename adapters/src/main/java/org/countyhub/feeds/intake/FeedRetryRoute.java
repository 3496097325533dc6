package org.countyhub.feeds.intake;

import org.apache.camel.builder.RouteBuilder;

/**
 * Resumes processing after a database outage without a restart: every few seconds, messages that waited (spool
 * files, PENDING or stuck entries) go through the intake again.
 */
public final class FeedRetryRoute extends RouteBuilder {

	private final FeedReplay replay;
	private final long periodMillis;

	public FeedRetryRoute(FeedReplay replay, long periodMillis) {
		this.replay = replay;
		this.periodMillis = periodMillis;
	}

	@Override
	public void configure() {
		from("timer:feed-retry?delay=" + periodMillis + "&period=" + periodMillis)
				.routeId("feed-retry")
				.process(exchange -> replay.retryWaiting());
	}
}
