package org.countyhub.server.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.assertj.core.groups.Tuple;
import org.countyhub.feeds.intake.FeedReplay;
import org.countyhub.feeds.intake.ReceivedMessages;
import org.countyhub.server.audit.AuditTrail;
import org.countyhub.server.audit.FeedAccessAudit;
import org.countyhub.server.feeds.FeedMessages;
import org.countyhub.server.feeds.MllpClient;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Issue 22: an operator's replay job lives in the hub's database. Its steps are answered there one by one, another
 * hub instance on the database (a second {@link ReplayJobs} over the same DataSource) shows it to its operator and
 * to nobody else, and a job whose hub stopped mid-way (lease run out, steps unanswered) is finished by another
 * instance's check, without replaying the step already answered; each replay is an access record of the operator
 * who started the job. On each database (the implementing classes).
 */
interface ReplayJobsSuite {

	int mllpPort();

	ApplicationContext context();

	@Test
	default void aJobsAnswersAreInTheDatabaseAndAnotherInstanceShowsItToItsOperatorOnly() {
		String actor = FeedMessages.unique("replay-op-");
		String registered = FeedMessages.unique("C");
		String refused = FeedMessages.unique("C");
		assertThat(send(registration(registered)).code()).isEqualTo("AA");
		assertThat(send(orderWithoutOrder(refused)).code()).isEqualTo("AE");
		List<ReceivedMessages.Entry> entries = List.of(entry("CWS0101", registered), entry("WSY02", refused));

		ReplayJobs running = context().getBean(ReplayJobs.class);
		String id = running.start(actor, entries);
		await().atMost(Duration.ofSeconds(60))
				.until(() -> running.find(id, actor).map(ReplayJobs.Job::done).orElse(false));

		assertThat(jdbc().queryForList("SELECT step_no, entry_id, ack_code FROM hub_replay_step WHERE job_id = ? "
				+ "ORDER BY step_no", id)).extracting(row -> row.get("ack_code"), row -> toLong(row.get("entry_id")))
				.containsExactly(Tuple.tuple("AA", entries.get(0).id()), Tuple.tuple("AE", entries.get(1).id()));
		assertThat(jdbc().queryForObject("SELECT actor FROM hub_replay_job WHERE id = ?", String.class, id))
				.isEqualTo(actor);

		ReplayJobs otherHub = anotherHub();
		try {
			ReplayJobs.Job seen = otherHub.find(id, actor).orElseThrow();
			assertThat(seen.done()).isTrue();
			assertThat(seen.accepted()).isEqualTo(1);
			assertThat(seen.steps()).extracting(s -> s.entry().controlId(), ReplayJobs.Step::ackCode)
					.containsExactly(Tuple.tuple(registered, "AA"), Tuple.tuple(refused, "AE"));
			assertThat(otherHub.find(id, "another-operator")).isEmpty();
			assertThat(running.find(id, "another-operator")).isEmpty();
			assertThat(otherHub.find("no-such-job", actor)).isEmpty();
		} finally {
			otherHub.destroy();
		}
		assertThat(replayRecords(actor, List.of(registered, refused))).containsOnly(Map.entry(registered, 1L),
				Map.entry(refused, 1L));
	}

	@Test
	default void aJobWhoseHubStoppedIsFinishedByAnotherWithoutReplayingTheAnsweredStep() {
		String actor = FeedMessages.unique("replay-op-");
		List<String> controls = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			String control = FeedMessages.unique("C");
			assertThat(send(orderWithoutOrder(control)).code()).isEqualTo("AE");
			controls.add(control);
		}
		List<ReceivedMessages.Entry> entries = controls.stream().map(c -> entry("WSY02", c)).toList();
		// the stopped hub: it wrote the job, answered the first step, and its lease ran out
		ReplayJobStore stopped = store();
		String id = FeedMessages.unique("job-");
		stopped.create(id, actor, entries.stream().map(ReceivedMessages.Entry::id).toList(), "stopped-hub",
				Instant.now().minusSeconds(5));
		stopped.answer(id, 0, "AE");
		int firstAttempts = attempts(entries.get(0).id());

		assertThat(context().getBean(CamelContext.class).getRoute("replay-jobs")).as("each hub's periodic check")
				.isNotNull();
		ReplayJobs otherHub = anotherHub();
		try {
			assertThat(otherHub.find(id, actor).orElseThrow().replayed()).isEqualTo(1);
			otherHub.check();
			await().atMost(Duration.ofSeconds(60))
					.until(() -> otherHub.find(id, actor).map(ReplayJobs.Job::done).orElse(false));
			ReplayJobs.Job finished = otherHub.find(id, actor).orElseThrow();
			assertThat(finished.steps()).extracting(ReplayJobs.Step::ackCode).containsExactly("AE", "AE", "AE");
			assertThat(otherHub.find(id, "another-operator")).isEmpty();
		} finally {
			otherHub.destroy();
		}
		// the answered step was not replayed again: its entry was not claimed, and no access record names it
		assertThat(attempts(entries.get(0).id())).isEqualTo(firstAttempts);
		assertThat(attempts(entries.get(1).id())).isGreaterThan(1);
		assertThat(replayRecords(actor, controls)).containsOnly(Map.entry(controls.get(0), 0L),
				Map.entry(controls.get(1), 1L), Map.entry(controls.get(2), 1L));
		assertThat(jdbc().queryForObject("SELECT COUNT(*) FROM hub_replay_job WHERE id = ? AND lease_until IS NULL",
				Integer.class, id)).as("the finished job is released").isEqualTo(1);
	}

	private ReplayJobs anotherHub() {
		return new ReplayJobs(store(), context().getBean(FeedReplay.class), context().getBean(FeedAccessAudit.class),
				Duration.ofSeconds(30), Duration.ofDays(30));
	}

	private ReplayJobStore store() {
		return new ReplayJobStore(context().getBean(DataSource.class),
				context().getBean(PlatformTransactionManager.class));
	}

	private ReceivedMessages.Entry entry(String unit, String control) {
		JournalSearch search = context().getBean(JournalSearch.class);
		return search.entries(List.of(search.idOf(unit, control).orElseThrow())).get(0);
	}

	private int attempts(long entry) {
		return jdbc().queryForObject("SELECT attempts FROM hub_feed_message WHERE id = ?", Integer.class, entry);
	}

	/** How many replay records of this operator name each of these messages (by control id). */
	private Map<String, Long> replayRecords(String actor, List<String> controls) {
		List<AuditTrail.Row> rows = context().getBean(AuditTrail.class).latest(500, Optional.empty(),
				Optional.of(FeedAccessAudit.REPLAY), Optional.empty(), Optional.empty()).stream()
				.filter(r -> actor.equals(r.actor())).toList();
		return controls.stream().collect(Collectors.toMap(Function.identity(),
				control -> rows.stream().filter(r -> r.event().contains(control)).count()));
	}

	private JdbcTemplate jdbc() {
		return context().getBean(JdbcTemplate.class);
	}

	private static long toLong(Object number) {
		return ((Number) number).longValue();
	}

	private MllpClient.Ack send(String message) {
		try (MllpClient mllp = new MllpClient(mllpPort())) {
			return mllp.send(message, StandardCharsets.UTF_8);
		}
	}

	/** A registration at a village clinic: AA, and AA again when replayed. */
	private static String registration(String control) {
		return "MSH|^~\\&|HIS|CWS0101|COUNTYHUB|SFXYGT|20250301101500||ADT^A04^ADT_A01|" + control
				+ "|P|2.5.1||||||UNICODE UTF-8\rEVN|A04|20250301101500\r"
				+ "PID|1||" + FeedMessages.unique("M") + "^^^CWS0101^MR~" + FeedMessages.idCard()
				+ "^^^CHN^NNCHN||东村^秀英||19600101|F\rPV1|1|O|全科^^^CWS0101\r";
	}

	/** An order with neither ORC nor OBR: AE, and AE again when replayed. */
	private static String orderWithoutOrder(String control) {
		return "MSH|^~\\&|HIS|WSY02|COUNTYHUB|SFXYGT|20250301080000||ORM^O01^ORM_O01|" + control
				+ "|P|2.4||||||UNICODE UTF-8\rPID|1||" + FeedMessages.unique("M") + "^^^WSY02^MR||钱^八\r";
	}
}
