package org.countyhub.server.security.access;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.countyhub.county.CountyDirectory;
import org.countyhub.server.config.HubProperties;
import org.junit.jupiter.api.Test;

/** Security off for the benchmark is refused for every county but the demo, whose data is made up. */
class BenchmarkCallerTest {

	@Test
	void securityOffIsRefusedWithARealCounty() {
		HubProperties hub = new HubProperties(Path.of("data"), null,
				new HubProperties.County("file:/etc/county-hub/county", true));
		assertThatThrownBy(() -> BenchmarkCaller.forCounty(hub, (CountyDirectory) null))
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("hub.security.benchmark-off=true")
				.hasMessageContaining("hub.county.location=file:/etc/county-hub/county");
	}
}
