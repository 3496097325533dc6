package org.countyhub.server.feeds;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.countyhub.county.CountyDirectory;
import org.countyhub.county.MemberUnit;
import org.countyhub.feeds.intake.FeedSourceBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feeds' binding to source addresses in the server: refusals counted in {@value #REFUSED_METRIC} (tag
 * {@code unit}), and the start log naming the units whose feeds are refused everywhere for want of
 * {@code feed.sources}.
 */
final class FeedSources {

	static final String REFUSED_METRIC = "hub.feeds.unbound.source";

	private static final Logger log = LoggerFactory.getLogger(FeedSources.class);

	private FeedSources() {}

	static FeedSourceBinding binding(CountyDirectory directory, MeterRegistry meters, boolean benchmarkOff) {
		if (benchmarkOff) {
			return FeedSourceBinding.unchecked();
		}
		for (MemberUnit unit : directory.units()) {
			if (unit.feed().sources().isEmpty()) {
				log.warn("Unit {} declares no feed.sources: its MLLP messages are refused (AR HUB-2210)", unit.code());
			} else {
				log.info("Unit {} may send MLLP from {}", unit.code(), unit.feed().sources());
			}
		}
		return new FeedSourceBinding(unit -> Counter.builder(REFUSED_METRIC)
				.description("MLLP messages refused because their unit is not bound to the sender's address")
				.tag("unit", unit)
				.register(meters)
				.increment());
	}
}
