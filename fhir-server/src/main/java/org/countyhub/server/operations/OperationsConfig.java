package org.countyhub.server.operations;

import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.countyhub.county.CountyDirectory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The operators' view of the hub (运维): what the feeds did lately, as metrics for the tools they run. */
@Configuration(proxyBeanMethods = false)
class OperationsConfig {

	/** Scrapes every 15-60 s must not each scan a day of journal entries. */
	private static final Duration REFRESH = Duration.ofSeconds(15);

	// the system clock, not the hub's injectable one: the journal stamps arrivals with the system clock
	@Bean
	FeedActivity feedActivity(DataSource dataSource) {
		return new FeedActivity(dataSource, Clock.systemUTC(), REFRESH);
	}

	@Bean
	FeedActivityMetrics feedActivityMetrics(FeedActivity activity, CountyDirectory county) {
		return new FeedActivityMetrics(activity, county, Clock.systemUTC());
	}
}
