package org.countyhub.server.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.countyhub.server.feeds.FeedMessages.adt;
import static org.countyhub.server.feeds.FeedMessages.idCard;
import static org.countyhub.server.feeds.FeedMessages.unique;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.countyhub.feeds.intake.FeedReplay;
import org.countyhub.feeds.intake.ReceivedMessages;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.support.HubServerTest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 finding 3: {@code feed-retry} ran a 2,000-OBX message again while its first run was still going; the
 * second run failed on a unique key and marked the entry FAILED after the sender had its AA. Now the worker that
 * processes an entry holds a lease on it (a column of the journal table, so hubs sharing one database see it):
 * neither the retry job nor an operator's replay starts it while the lease is live; the retry takes it over once
 * its worker stopped renewing it. Two hubs claiming at once: {@link JournalLeaseClaimTest}.
 */
class JournalLeaseTest extends HubServerTest {

	@Test
	void messageInWorkOnAnotherHubIsNotRetriedUntilItsLeaseRunsOut() {
		String mrn = unique("M");
		// another hub on the same database journaled the message and is processing it (a long lease, renewed)
		long id = keptBy(otherHub(Duration.ofMinutes(10)), mrn);
		FeedReplay replay = context().getBean(FeedReplay.class);

		replay.retryWaiting();
		assertThat(replay.replay(id).orElseThrow().ackCode()).as("operator's replay").isEqualTo("AE");
		ReceivedMessages.Entry untouched = journal().find(id).orElseThrow();
		assertThat(untouched.status()).isEqualTo(ReceivedMessages.Status.RECEIVED);
		assertThat(untouched.attempts()).as("never started a second time").isEqualTo(1);
		assertThat(patients(mrn)).isEmpty();

		// that hub dies: its lease runs out (here: its last renewal was for a millisecond); one retry takes it over
		otherHub(Duration.ofMillis(1)).renew(List.of(id));
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
			replay.retryWaiting();
			return journal().find(id).orElseThrow().status() == ReceivedMessages.Status.PROCESSED;
		});
		assertThat(patients(mrn)).hasSize(1);
		assertThat(journal().find(id).orElseThrow().attempts()).isEqualTo(2);
	}

	/** A second hub's journal on the same database, with its own lease length. */
	private JdbcReceivedMessages otherHub(Duration lease) {
		return new JdbcReceivedMessages(context().getBean(DataSource.class), lease);
	}

	/** An A04 journaled by the other hub, which starts working on it. */
	private static long keptBy(JdbcReceivedMessages hub, String mrn) {
		String control = unique("C");
		String message = adt("A04", "XRMYY", control, mrn, idCard(), "张^三", unique("V"), "UNICODE UTF-8");
		ReceivedMessages.Kept kept = hub.keep(new ReceivedMessages.Incoming("XRMYY", control, "ADT^A04",
				message.getBytes(StandardCharsets.UTF_8)));
		assertThat(kept.delivery()).isEqualTo(ReceivedMessages.Delivery.NEW);
		return kept.id();
	}

	private ReceivedMessages journal() {
		return context().getBean(ReceivedMessages.class);
	}

	private List<Bundle.BundleEntryComponent> patients(String mrn) {
		return client.search().forResource(Patient.class)
				.where(Patient.IDENTIFIER.exactly().systemAndIdentifier(HubSystems.unitIdentifierSystem("XRMYY", "mrn"), mrn))
				.returnBundle(Bundle.class).execute().getEntry();
	}
}
