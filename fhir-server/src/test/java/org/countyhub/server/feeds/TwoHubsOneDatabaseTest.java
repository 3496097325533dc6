package org.countyhub.server.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.countyhub.server.feeds.FeedMessages.unique;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.HubApplication;
import org.countyhub.server.support.TestPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 20, "two hubs, one database": two hubs on one PostgreSQL, each with its own HTTP and MLLP port; two senders
 * configured with both (each starts on a different hub and fails over to the other, re-sending the message that had
 * no answer, as an interface engine does). One hub is killed as {@code kill -9} under load: the other goes on
 * answering at once, and every message — answered before the kill, or in flight when it came — ends processed
 * once: its journal entry {@code PROCESSED} and exactly one patient. The killed hub's leases run out and the other
 * hub's retry takes its unfinished entries over. This is also issue 20 finding 1 on PostgreSQL (every message answered
 * AA before a kill -9 is stored): what the survivor reads is what the killed hub committed.
 */
class TwoHubsOneDatabaseTest {

	/** Short leases so the surviving hub takes over the killed one's work within the test's time. */
	private static final Duration STUCK_AFTER = Duration.ofSeconds(10);

	@Test
	void whenOneOfTwoHubsIsKilledTheOtherServesOnAndEveryMessageIsStoredOnce() throws Exception {
		String url = TestPostgres.newDatabaseUrl("hub_two_" + System.nanoTime() % 1_000_000);
		List<String> common = List.of("--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
				"--spring.datasource.password=postgres", "--server.port=0", "--spring.jmx.enabled=false",
				"--logging.level.root=WARN", "--hub.mllp.stuck-after=" + STUCK_AFTER.toSeconds() + "s",
				"--hub.mllp.retry-interval=1s");
		Path dataA = Files.createTempDirectory(Path.of("target"), "hub-a-").toAbsolutePath();
		Path dataB = Files.createTempDirectory(Path.of("target"), "hub-b-").toAbsolutePath();
		int portB = ChildHub.freePort();
		Load load = new Load();
		ExecutorService senders = Executors.newFixedThreadPool(2);
		// hub A first: it creates the schema the second one then finds
		try (ChildHub a = ChildHub.start(with(common, "--hub.data-dir=" + dataA), dataA.resolve("hub.log"))) {
			a.awaitListening(Duration.ofMinutes(8));
			try (ConfigurableApplicationContext b = new SpringApplicationBuilder(HubApplication.class)
					.run(with(common, "--hub.data-dir=" + dataB, "--hub.mllp.port=" + portB).toArray(String[]::new))) {
				List<Integer> ports = List.of(a.mllpPort(), portB);
				senders.submit(() -> load.send(ports, 0));
				senders.submit(() -> load.send(ports, 1));
				await().atMost(Duration.ofMinutes(4))
						.until(() -> load.acceptedBy(a.mllpPort()) >= 15 && load.acceptedBy(portB) >= 15);

				a.kill();
				int onBAtTheKill = load.acceptedBy(portB);
				// both senders now on B: it answers on as before, without waiting for A's leases
				await().atMost(STUCK_AFTER).until(() -> load.acceptedBy(portB) >= onBAtTheKill + 20);
				load.stop();
				senders.shutdown();
				assertThat(senders.awaitTermination(1, TimeUnit.MINUTES)).isTrue();

				List<Message> all = load.messages();
				JdbcTemplate jdbc = b.getBean(JdbcTemplate.class);
				await().atMost(STUCK_AFTER.multipliedBy(6)).untilAsserted(() -> {
					Map<String, String> journal = journalOf(jdbc);
					assertThat(all).allSatisfy(m -> assertThat(journal.get(m.controlId()))
							.as("journal entry of %s (%s)", m.controlId(), m.answers()).isEqualTo("PROCESSED"));
				});
				var patients = b.getBean(DaoRegistry.class).getResourceDao("Patient");
				for (Message m : all) {
					SearchParameterMap byMrn = SearchParameterMap.newSynchronous("identifier",
							new TokenParam(HubSystems.unitIdentifierSystem("XRMYY", "mrn"), m.mrn()));
					assertThat(patients.search(byMrn, new SystemRequestDetails()).size())
							.as("patients of %s (%s)", m.controlId(), m.answers()).isEqualTo(1);
				}
				assertThat(all).as("messages in flight when A was killed, re-sent to B")
						.anyMatch(m -> m.answers().size() > 1 || m.answers().get(0).startsWith("none"));
			}
		} finally {
			load.stop();
			senders.shutdownNow();
		}
	}

	private static Map<String, String> journalOf(JdbcTemplate jdbc) {
		Map<String, String> journal = new HashMap<>();
		jdbc.query("SELECT control_id, status FROM hub_feed_message WHERE unit = 'XRMYY'",
				(java.sql.ResultSet row) -> {
					journal.put(row.getString(1), row.getString(2));
				});
		return journal;
	}

	private static List<String> with(List<String> common, String... more) {
		return Stream.concat(common.stream(), Stream.of(more)).toList();
	}

	/** One registration and what each attempt to deliver it was answered ({@code none@port} when nothing came). */
	private record Message(String controlId, String mrn, List<String> answers) {}

	/** The senders' registrations and answers, shared by both sender threads. */
	private static final class Load {

		private final List<Message> messages = Collections.synchronizedList(new ArrayList<>());
		private final Map<Integer, Integer> accepted = Collections.synchronizedMap(new HashMap<>());
		private final AtomicBoolean stopped = new AtomicBoolean();

		/**
		 * One sender: registrations one after another, starting on {@code ports[first]}; a message with no answer
		 * (connection refused or dropped) is sent again to the other hub, until one answers it.
		 */
		void send(List<Integer> ports, int first) {
			int current = first;
			MllpClient connection = null;
			try {
				while (!stopped.get()) {
					Message message = new Message(unique("K"), unique("M"), Collections.synchronizedList(new ArrayList<>()));
					messages.add(message);
					String text = FeedMessages.adt("A04", "XRMYY", message.controlId(), message.mrn(),
							FeedMessages.idCard(), "郑^强", unique("V"), "UNICODE UTF-8");
					boolean answered = false;
					while (!answered) {
						int port = ports.get(current);
						try {
							if (connection == null) {
								connection = new MllpClient(port);
							}
							String code = connection.send(text).code();
							message.answers().add(code + "@" + port);
							if ("AA".equals(code)) {
								accepted.merge(port, 1, Integer::sum);
							}
							answered = true;
						} catch (UncheckedIOException | IllegalStateException gone) {
							message.answers().add("none@" + port);
							if (connection != null) {
								connection.close();
								connection = null;
							}
							current = (current + 1) % ports.size();
							if (stopped.get()) {
								return;
							}
						}
					}
				}
			} finally {
				if (connection != null) {
					connection.close();
				}
			}
		}

		int acceptedBy(int port) {
			return accepted.getOrDefault(port, 0);
		}

		List<Message> messages() {
			synchronized (messages) {
				return List.copyOf(messages);
			}
		}

		void stop() {
			stopped.set(true);
		}
	}
}
