package org.countyhub.feeds.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A delivery waiting for its copy's outcome is woken by it, also when it came just before the wait began. */
class JournalSettlementsTest {

	@Test
	void anOutcomeRecordedAfterTheLookIsNotMissed() {
		JournalSettlements settlements = new JournalSettlements();
		long seen = settlements.seen();
		settlements.signal();
		// an hour's bound: only the recorded outcome can end this wait within the test's limit
		assertTimeoutPreemptively(Duration.ofSeconds(10), () -> settlements.awaitAfter(seen, 3_600_000));
		assertThat(settlements.seen()).isEqualTo(seen + 1);
	}

	@Test
	void aWaitingDeliveryIsWokenByTheOutcome() {
		JournalSettlements settlements = new JournalSettlements();
		long seen = settlements.seen();
		CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
			try {
				settlements.awaitAfter(seen, 3_600_000);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		});
		settlements.signal();
		assertTimeoutPreemptively(Duration.ofSeconds(10), () -> waiting.join());
	}
}
