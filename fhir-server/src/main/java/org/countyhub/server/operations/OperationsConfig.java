package org.countyhub.server.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import javax.sql.DataSource;
import org.countyhub.county.CountyDirectory;
import org.countyhub.feeds.unit.FeedUnits;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The operators' view of the hub (运维): what the feeds did lately, as metrics for the tools they run. */
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
}
