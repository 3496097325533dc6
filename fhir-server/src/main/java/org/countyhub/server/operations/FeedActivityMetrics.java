package org.countyhub.server.operations;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import org.countyhub.county.CountyDirectory;
import org.countyhub.county.MemberUnit;

/**
 * The journal's figures as gauges, one series per member unit (the county directory names them, so a unit that
 * sent nothing shows 0, not a missing series): {@code hub.feed.messages} by {@code outcome} and {@code window}
 * ({@code 1h}, {@code 24h}), and {@code hub.feed.last.received.age} (seconds since the unit's last message; NaN
 * when none in 24 h) — what the alert "a unit's feed is silent" needs.
 */
final class FeedActivityMetrics implements MeterBinder {

	private final FeedActivity activity;
	private final CountyDirectory county;
	private final Clock clock;

	FeedActivityMetrics(FeedActivity activity, CountyDirectory county, Clock clock) {
		this.activity = activity;
		this.county = county;
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (MemberUnit unit : county.units()) {
			String code = unit.code();
			for (FeedActivity.Outcome outcome : FeedActivity.Outcome.values()) {
				Gauge.builder("hub.feed.messages", activity, a -> a.of(code).lastHour(outcome))
						.description("HL7 v2 messages the unit sent in the window, by what became of them")
						.tags("unit", code, "outcome", outcome.tag(), "window", "1h")
						.register(registry);
				Gauge.builder("hub.feed.messages", activity, a -> a.of(code).lastDay(outcome))
						.description("HL7 v2 messages the unit sent in the window, by what became of them")
						.tags("unit", code, "outcome", outcome.tag(), "window", "24h")
						.register(registry);
			}
			Gauge.builder("hub.feed.last.received.age", activity, a -> {
						var last = a.of(code).lastReceived();
						return last == null ? Double.NaN : (clock.millis() - last.toEpochMilli()) / 1000.0;
					})
					.description("Seconds since the unit's last HL7 v2 message (NaN: none in the last 24 hours)")
					.baseUnit("seconds")
					.tags("unit", code)
					.register(registry);
		}
	}
}
