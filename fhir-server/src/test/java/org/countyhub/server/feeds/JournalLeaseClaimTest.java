package org.countyhub.server.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.countyhub.feeds.intake.ReceivedMessages;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 finding 3, the journal's lease without a hub: two hubs on one database (here two journals on one H2
 * database) that find the same abandoned entry claim it at once, and exactly one gets it; a worker that renews
 * its lease keeps it.
 */
class JournalLeaseClaimTest {

	private final JdbcDataSource database = new JdbcDataSource();

	JournalLeaseClaimTest() {
		database.setURL("jdbc:h2:mem:lease-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		new JdbcReceivedMessages(database, Duration.ofMinutes(1)).createTable();
	}

	@Test
	void twoHubsClaimingAnAbandonedEntryAtOnceOneGetsIt() throws Exception {
		long id = abandonedEntry();
		JdbcReceivedMessages first = hub(Duration.ofMinutes(10));
		JdbcReceivedMessages second = hub(Duration.ofMinutes(10));
		assertThat(first.abandoned(10)).extracting(ReceivedMessages.Entry::id).containsExactly(id);

		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			List<Future<Boolean>> claims = pool.invokeAll(List.<Callable<Boolean>>of(
					() -> first.claim(id), () -> second.claim(id)));
			int won = 0;
			for (Future<Boolean> claim : claims) {
				won += claim.get() ? 1 : 0;
			}
			assertThat(won).isEqualTo(1);
		} finally {
			pool.shutdownNow();
		}
		assertThat(first.abandoned(10)).isEmpty();
		assertThat(first.find(id).orElseThrow().attempts()).isEqualTo(2);
	}

	@Test
	void renewedLeaseIsNotTakenOverAndIsReleasedWhenTheMessageIsDone() {
		long id = abandonedEntry();
		JdbcReceivedMessages worker = hub(Duration.ofMinutes(10));
		JdbcReceivedMessages other = hub(Duration.ofMinutes(10));
		assertThat(worker.claim(id)).isTrue();
		worker.renew(List.of(id));
		assertThat(other.abandoned(10)).isEmpty();
		assertThat(other.claim(id)).isFalse();

		worker.processed(id, "MSA|AA|C1\r".getBytes(java.nio.charset.StandardCharsets.UTF_8));
		assertThat(other.find(id).orElseThrow().status()).isEqualTo(ReceivedMessages.Status.PROCESSED);
		// an operator may still replay a processed message deliberately
		assertThat(other.claim(id)).isTrue();
	}

	@Test
	void sameBytesRedeliveredAfterTheWorkerDiedAreTakenOverNotWaitedFor() {
		ReceivedMessages.Incoming message = message();
		long id = abandonedEntry(message);
		ReceivedMessages.Kept redelivered = hub(Duration.ofMinutes(10)).keep(message);
		assertThat(redelivered.id()).isEqualTo(id);
		assertThat(redelivered.delivery()).isEqualTo(ReceivedMessages.Delivery.NEW);
		// while the new worker holds it, a third copy waits for it
		assertThat(hub(Duration.ofMinutes(10)).keep(message).delivery()).isEqualTo(ReceivedMessages.Delivery.IN_PROGRESS);
	}

	/** An entry whose worker stopped: kept with a lease of a millisecond that nobody renews. */
	private long abandonedEntry() {
		return abandonedEntry(message());
	}

	private long abandonedEntry(ReceivedMessages.Incoming message) {
		JdbcReceivedMessages dying = hub(Duration.ofMillis(1));
		long id = dying.keep(message).id();
		await().atMost(Duration.ofSeconds(5)).until(() -> !dying.abandoned(10).isEmpty());
		return id;
	}

	private JdbcReceivedMessages hub(Duration lease) {
		return new JdbcReceivedMessages(database, lease);
	}

	private static ReceivedMessages.Incoming message() {
		String control = "C" + UUID.randomUUID();
		String raw = "MSH|^~\\&|HIS|XRMYY|COUNTYHUB|SFXYGT|20250301101500||ADT^A04^ADT_A01|" + control + "|P|2.5.1\r";
		return new ReceivedMessages.Incoming("XRMYY", control, "ADT^A04", raw.getBytes(StandardCharsets.UTF_8));
	}
}
