package org.countyhub.server.validation;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * What the guide checks cost: how many resources were validated and the CPU time the validating threads spent on
 * them. The check is the largest single cost of a feed message in {@code inline} mode, and what an operator weighs
 * when choosing {@code feed-output}: {@code /actuator/metrics/hub.validation.checks} and
 * {@code hub.validation.check.cpu} (seconds) answer it on the county's own hardware and load.
 */
final class CheckCost {

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private final LongAdder checks = new LongAdder();
	private final LongAdder cpuNanos = new LongAdder();
	private final boolean measurable = THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();

	/** Runs one validation on this thread, counting it and the CPU time it took. */
	<T> T measure(Supplier<T> validation) {
		long start = measurable ? THREADS.getCurrentThreadCpuTime() : 0;
		try {
			return validation.get();
		} finally {
			checks.increment();
			if (measurable) {
				cpuNanos.add(THREADS.getCurrentThreadCpuTime() - start);
			}
		}
	}

	long checks() {
		return checks.sum();
	}

	/** CPU nanoseconds spent validating so far; 0 where the JVM cannot measure a thread's CPU time. */
	long cpuNanos() {
		return cpuNanos.sum();
	}

	void bindTo(MeterRegistry registry) {
		FunctionCounter.builder("hub.validation.checks", this, c -> c.checks())
				.description("resources validated against the guide (on write, before commit, or sampled after the ACK)")
				.register(registry);
		FunctionCounter.builder("hub.validation.check.cpu", this, c -> c.cpuNanos() / 1e9)
				.description("CPU time the validating threads spent on those checks")
				.baseUnit("seconds")
				.register(registry);
	}
}
