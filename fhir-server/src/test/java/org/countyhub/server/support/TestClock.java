package org.countyhub.server.support;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The application's clock in tests: the system clock until a test sets a moment, so that time-dependent rules
 * (validity windows) are tested by setting the time, never by waiting. Tests that set it reset it afterwards.
 */
public final class TestClock extends Clock {

	private final AtomicReference<Instant> fixed = new AtomicReference<>();

	public void set(Instant instant) {
		fixed.set(instant);
	}

	public void set(String isoOffsetDateTime) {
		set(OffsetDateTime.parse(isoOffsetDateTime).toInstant());
	}

	public void reset() {
		fixed.set(null);
	}

	@Override
	public Instant instant() {
		Instant at = fixed.get();
		return at != null ? at : Instant.now();
	}

	@Override
	public ZoneId getZone() {
		return ZoneId.systemDefault();
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("the test clock has one zone");
	}

	@TestConfiguration(proxyBeanMethods = false)
	public static class Config {
		@Bean
		@Primary
		TestClock testClock() {
			return new TestClock();
		}
	}
}
