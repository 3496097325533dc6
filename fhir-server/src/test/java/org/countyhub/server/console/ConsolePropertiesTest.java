package org.countyhub.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code hub.console.*} as the start binds it: the defaults, and a bad value stopping the start by its key. */
class ConsolePropertiesTest {

	@Test
	void replayJobsAreKeptThirtyDaysByDefaultAndLessThanAnHourIsRefusedByName() {
		assertThat(bind(Map.of()).replayJobsKeptFor()).isEqualTo(Duration.ofDays(30));
		assertThat(bind(Map.of("hub.console.replay-jobs-kept-for", "7d")).replayJobsKeptFor())
				.isEqualTo(Duration.ofDays(7));
		assertThatThrownBy(() -> bind(Map.of("hub.console.replay-jobs-kept-for", "10m")))
				.hasStackTraceContaining("hub.console.replay-jobs-kept-for must be at least 1h");
	}

	private static ConsoleProperties bind(Map<String, String> settings) {
		return new Binder(new MapConfigurationPropertySource(settings))
				.bindOrCreate("hub.console", ConsoleProperties.class);
	}
}
