package org.countyhub.server.pacs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** A PACS switched off for the night is logged when it stops answering and when it is back, not at every poll. */
class PacsReachabilityTest {

	@Test
	void anOutageIsNewsOnceAndTheReturnOnce() {
		PacsReachability reachability = new PacsReachability();
		assertThat(reachability.answered("WSY01", "pacs-wsy01")).as("answering as usual").isFalse();
		assertThat(reachability.failed("WSY01", "pacs-wsy01", new ConnectException())).as("first failed poll").isTrue();
		assertThat(reachability.failed("WSY01", "pacs-wsy01", new ConnectException())).as("every later one").isFalse();
		// another unit's PACS has its own state
		assertThat(reachability.failed("WSY02", "pacs-wsy02", new ConnectException())).isTrue();
		assertThat(reachability.answered("WSY01", "pacs-wsy01")).as("back").isTrue();
		assertThat(reachability.answered("WSY01", "pacs-wsy01")).isFalse();
		assertThat(reachability.failed("WSY01", "pacs-wsy01", new ConnectException())).as("the next outage").isTrue();
	}
}
