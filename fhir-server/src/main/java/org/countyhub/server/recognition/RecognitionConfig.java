package org.countyhub.server.recognition;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The clock every recognition rule reads "now" from: validity windows are judged against it, so tests set it
 * instead of waiting for days to pass.
 */
@Configuration
class RecognitionConfig {

	@Bean
	Clock clock() {
		return Clock.systemDefaultZone();
	}
}
