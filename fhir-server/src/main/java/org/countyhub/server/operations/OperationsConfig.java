package org.countyhub.server.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import javax.sql.DataSource;
import org.apache.camel.builder.LambdaRouteBuilder;
import org.countyhub.county.CountyDirectory;
import org.countyhub.feeds.intake.FeedReplay;
import org.countyhub.feeds.unit.FeedUnits;
import org.countyhub.server.audit.FeedAccessAudit;
import org.countyhub.server.console.ConsoleProperties;
import org.countyhub.server.feeds.MllpProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The operators' view of the hub (运维): what the feeds did lately, as metrics for the tools they run; their replay
 * jobs, kept in the database.
 */
@Configuration(proxyBeanMethods = false)
class OperationsConfig {

	/** Scrapes every 15-60 s must not each scan a day of journal entries. */
	private static final Duration REFRESH = Duration.ofSeconds(15);
	/** "Today" on the operators' pages starts at midnight China time. */
	private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	// the system clock, not the hub's injectable one: the journal stamps arrivals with the system clock
	@Bean
	FeedActivity feedActivity(DataSource dataSource) {
		return new FeedActivity(dataSource, Clock.systemUTC(), REFRESH);
	}

	@Bean
	FeedOverview feedOverview(DataSource dataSource, FeedUnits units) {
		return new FeedOverview(dataSource, Clock.systemUTC(), CHINA, units);
	}

	@Bean
	FeedActivityMetrics feedActivityMetrics(FeedActivity activity, CountyDirectory county) {
		return new FeedActivityMetrics(activity, county, Clock.systemUTC());
	}

	@Bean
	ReplayJobStore replayJobStore(DataSource dataSource, PlatformTransactionManager transactions) {
		ReplayJobStore store = new ReplayJobStore(dataSource, transactions);
		store.createTables();
		return store;
	}

	// the feeds' lease: a replay job's worker is alive or stopped on the same terms as a feed worker
	@Bean
	ReplayJobs replayJobs(ReplayJobStore store, FeedReplay replay, FeedAccessAudit audit, MllpProperties mllp,
			ConsoleProperties console) {
		return new ReplayJobs(store, replay, audit, mllp.stuckAfter(), console.replayJobsKeptFor());
	}

	/**
	 * {@link ReplayJobs#check()} every third of the lease on each instance: the leases of the jobs in work here are
	 * renewed before they can run out (one late tick on a busy machine does not lose them), and a job whose instance
	 * stopped is taken over within a lease and a third.
	 */
	@Bean
	LambdaRouteBuilder replayJobsRoute(ReplayJobs jobs, MllpProperties mllp) {
		long period = mllp.stuckAfter().toMillis() / 3;
		return routes -> {
			routes.errorHandler(routes.defaultErrorHandler().maximumRedeliveries(0).logExhaustedMessageBody(false));
			routes.from("timer:replay-jobs?delay=" + period + "&period=" + period).routeId("replay-jobs")
					.process(exchange -> jobs.check());
		};
	}
}
