package org.countyhub.server.identity;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Whether matching keeps up, as gauges: {@code hub.identity.unlinked.patients} (unit Patients written and not yet
 * linked to a person, any age: MDM's backlog) and {@code hub.identity.unlinked.oldest.age} (seconds since the
 * longest waiting of them was written; 0 when none). Both come from one query, read at most every 10 seconds.
 */
final class MatchingBacklogMetrics implements MeterBinder {

	private final Supplier<UnlinkedPatients.Backlog> backlog;
	private final Clock clock;

	MatchingBacklogMetrics(UnlinkedPatients unlinked, Clock clock) {
		this.backlog = UnlinkedPatients.cached(() -> unlinked.backlog(Duration.ZERO), clock, Duration.ofSeconds(10));
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("hub.identity.unlinked.patients", backlog, b -> b.get().count())
				.description("Unit Patients written and not yet linked to a person (golden record) by matching")
				.register(registry);
		Gauge.builder("hub.identity.unlinked.oldest.age", backlog, b -> {
					var oldest = b.get().oldest();
					return oldest == null ? 0 : Math.max(0, (clock.millis() - oldest.toEpochMilli()) / 1000.0);
				})
				.description("Seconds since the longest waiting unlinked unit Patient was written (0: none waits)")
				.baseUnit("seconds")
				.register(registry);
	}
}
