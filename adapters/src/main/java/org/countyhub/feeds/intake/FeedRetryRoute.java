package org.countyhub.feeds.intake;

import org.apache.camel.builder.RouteBuilder;

/**
 * Resumes processing after a database outage without a restart: every few seconds, messages that waited (spool
 * files, PENDING entries, entries whose lease ran out) go through the intake again. A second timer renews the
 * leases of the messages this process is working on.
 */
public final class FeedRetryRoute extends RouteBuilder {

	private final FeedReplay replay;
	private final FeedIntake intake;
	private final long periodMillis;
	private final long renewMillis;

	/** @param renewMillis how often the leases of the messages in work here are renewed (a fraction of the lease) */
	public FeedRetryRoute(FeedReplay replay, FeedIntake intake, long periodMillis, long renewMillis) {
		this.replay = replay;
		this.intake = intake;
		this.periodMillis = periodMillis;
		this.renewMillis = renewMillis;
	}

	@Override
	public void configure() {
		from("timer:feed-retry?delay=" + periodMillis + "&period=" + periodMillis)
				.routeId("feed-retry")
				.process(exchange -> replay.retryWaiting());
		// its own timer: a long retry run must not let the leases of messages in work elsewhere run out
		from("timer:feed-lease?delay=" + renewMillis + "&period=" + renewMillis)
				.routeId("feed-lease")
				.process(exchange -> intake.renewLeases());
	}
}
