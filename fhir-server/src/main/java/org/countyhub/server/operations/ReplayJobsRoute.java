package org.countyhub.server.operations;

import org.apache.camel.builder.RouteBuilder;

/**
 * Runs {@link ReplayJobs#check()} every third of the replay jobs' lease on each instance: leases of the jobs in work
 * here are renewed before they can run out (one late tick on a busy machine is not enough to lose them), and a job
 * whose instance stopped is taken over within a lease and a third.
 */
final class ReplayJobsRoute extends RouteBuilder {

	private final ReplayJobs jobs;
	private final long periodMillis;

	ReplayJobsRoute(ReplayJobs jobs, long periodMillis) {
		this.jobs = jobs;
		this.periodMillis = periodMillis;
	}

	@Override
	public void configure() {
		errorHandler(defaultErrorHandler().maximumRedeliveries(0).logExhaustedMessageBody(false));
		from("timer:replay-jobs?delay=" + periodMillis + "&period=" + periodMillis)
				.routeId("replay-jobs")
				.process(exchange -> jobs.check());
	}
}
