package org.countyhub.server.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.stream.Stream;
import org.countyhub.feeds.intake.MessageSpool;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.support.PostgresHubServerTest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * The database goes away while a unit is sending: the sender gets AE within a bounded time, the message is kept
 * (spooled), and when the database is back it is processed without a restart.
 */
class DatabaseOutageOnPostgresTest extends PostgresHubServerTest {

	@Value("${spring.datasource.url}")
	private String url;

	@Autowired
	private MessageSpool spool;

	@Test
	void messageSentWhileTheDatabaseIsDownIsKeptAndProcessedWhenItReturns() throws Exception {
		String mrn = FeedMessages.unique("M");
		String message = FeedMessages.adt("A04", "XRMYY", FeedMessages.unique("C"), mrn, FeedMessages.idCard(),
				"黄^忠", FeedMessages.unique("V"), "UNICODE UTF-8");
		// a message before the outage, so the listener and database are known to work
		try (MllpClient mllp = new MllpClient(mllpPort())) {
			assertThat(mllp.send(FeedMessages.adt("A04", "XRMYY", FeedMessages.unique("C"), FeedMessages.unique("M"),
					FeedMessages.idCard(), "黄^盖", FeedMessages.unique("V"), "UNICODE UTF-8")).code()).isEqualTo("AA");
		}
		String database = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?') > 0 ? url.indexOf('?') : url.length());
		String adminUrl = url.replace("/" + database, "/postgres");
		try (Connection admin = DriverManager.getConnection(adminUrl, "postgres", "postgres");
				Statement sql = admin.createStatement()) {
			sql.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
			sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
			try {
				MllpClient.Ack ack;
				long started = System.nanoTime();
				try (MllpClient mllp = new MllpClient(mllpPort())) {
					ack = mllp.send(message);
				}
				assertThat(ack.code()).as(ack.text()).isEqualTo("AE");
				assertThat(ack.reason()).startsWith("HUB-2006: ");
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
				assertThat(spooled()).isGreaterThanOrEqualTo(1);
			} finally {
				sql.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
			}
		}
		// the hub's background work (MDM, subscriptions) failed while the database was away, on its own threads: that
		// is the outage, not the test's failure (Awaitility would otherwise rethrow those threads' exceptions)
		await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
				.untilAsserted(() -> {
			Bundle found = client.search().forResource(Patient.class)
					.where(Patient.IDENTIFIER.exactly().systemAndIdentifier(
							HubSystems.unitIdentifierSystem("XRMYY", "mrn"), mrn))
					.returnBundle(Bundle.class).execute();
			assertThat(found.getEntry()).hasSize(1);
			assertThat(((Patient) found.getEntryFirstRep().getResource()).getNameFirstRep().getText()).isEqualTo("黄忠");
		});
		await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(spooled()).isZero());
	}

	private long spooled() throws Exception {
		try (Stream<Path> files = Files.list(spool.dir())) {
			return files.filter(p -> p.toString().endsWith(".hl7")).count();
		}
	}
}
