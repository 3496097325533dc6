package org.countyhub.server.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.countyhub.server.feeds.MllpClient;
import org.countyhub.server.support.HubServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

/** The after-ack suite on the embedded H2 default, and how the checker shares the machine with the feeds. */
class FeedOutputBacklogOnH2Test extends HubServerTest implements FeedOutputBacklogSuite {

	@Override
	public IGenericClient client() {
		return client;
	}

	@Test
	void whileFeedsArriveTheCheckerKeepsToItsShareAndWhenTheyStopItCatchesUp() {
		String n = Long.toString(System.nanoTime(), 36).toUpperCase();
		GuideConformance afterAck = enforcement().conformanceFor(FeedOutputMode.AFTER_ACK);
		FeedOutputBacklog queueing = enforcement().backlogFor(afterAck);
		for (int i = 0; i < 3; i++) {
			String control = "S" + i + n;
			String numbers = n + i;
			MllpClient.Ack ack = withAfterAck(afterAck, queueing,
					() -> send(FeedOutputBacklogSuite.labResult(control, numbers, true)));
			assertThat(ack.code()).isEqualTo("AA");
		}
		// a thousandth of a core while busy: after one check the checker idles ~999 times as long
		FeedOutputBacklog backlog = new FeedOutputBacklog(table(), new StoredOutputCheck(afterAck,
				enforcement().daosForTests()), 0.001);
		backlog.wake();
		backlog.start();
		try {
			// feeds keep arriving from the start: on a loaded machine the first check alone can outlast the busy
			// window, and the checker would then rightly go on at full pace
			await().pollInterval(Duration.ofMillis(100)).atMost(Duration.ofSeconds(60)).until(() -> {
				backlog.wake();
				return backlog.counts().conforming() >= 1;
			});
			// feeds keep arriving for 1.5 s: a check of at least a millisecond is followed by a pause of at least a
			// second, so at most one more check
			long first = backlog.counts().conforming();
			// a message commits every 100 ms (the condition is looked at that often) and stays true throughout; the
			// generous bound is for a loaded machine, where each look at the table takes longer
			await().pollInterval(Duration.ofMillis(100)).during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(20))
					.until(() -> {
						backlog.wake();
						return backlog.counts().conforming() <= first + 1;
					});
			// the feeds are quiet: the pause ends and the rest is judged at full pace
			await().atMost(Duration.ofSeconds(20)).until(() -> Stream.of(OutputCheckTable.State.PENDING,
							OutputCheckTable.State.CHECKING)
					.flatMap(state -> table().rows(state, 100_000).stream())
					.noneMatch(r -> r.source() != null && r.source().contains(n)));
		} finally {
			backlog.shutdown();
		}
		assertThat(backlog.counts().conforming()).isGreaterThanOrEqualTo(12);
	}

	@Test
	void versionsACheckerHadTakenWhenTheHubStoppedAreJudgedAfterTheNextStart() {
		String n = Long.toString(System.nanoTime(), 36).toUpperCase();
		String control = "T" + n;
		GuideConformance afterAck = enforcement().conformanceFor(FeedOutputMode.AFTER_ACK);
		FeedOutputBacklog before = enforcement().backlogFor(afterAck);
		MllpClient.Ack ack = withAfterAck(afterAck, before, () -> send(FeedOutputBacklogSuite.labResult(control, n, true)));
		assertThat(ack.code()).isEqualTo("AA");
		// a checker took one version and the hub stopped before it judged it
		OutputCheckTable.Row taken = rowsOf(OutputCheckTable.State.PENDING, control).get(0);
		assertThat(table().claim(List.of(taken), "stopped-checker")).extracting(OutputCheckTable.Row::id)
				.containsExactly(taken.id());
		assertThat(table().claim(List.of(taken), "second-checker")).as("a second checker cannot take it too").isEmpty();

		FeedOutputBacklog after = enforcement().backlogFor(afterAck);
		judgeAll(after, control);
		assertThat(after.counts().conforming()).isGreaterThanOrEqualTo(4);
		assertThat(rowsOf(OutputCheckTable.State.NON_CONFORMING, control)).isEmpty();
	}

	@Test
	void aFindingOnARecordDeletedSinceIsNotReported() {
		String n = Long.toString(System.nanoTime(), 36).toUpperCase();
		String control = "D" + n;
		GuideConformance afterAck = enforcement().conformanceFor(FeedOutputMode.AFTER_ACK);
		FeedOutputBacklog backlog = enforcement().backlogFor(afterAck);
		MllpClient.Ack ack = withAfterAck(afterAck, backlog,
				() -> send(FeedOutputBacklogSuite.labResult(control, n, false)));
		assertThat(ack.code()).isEqualTo("AA");
		// the unit cancels the result before the checker gets to it: report, then its observations
		List<String> written = rowsOf(OutputCheckTable.State.PENDING, control).stream()
				.map(OutputCheckTable.Row::resource).toList();
		written.stream().filter(r -> r.startsWith("DiagnosticReport/")).forEach(this::delete);
		written.stream().filter(r -> r.startsWith("Observation/")).forEach(this::delete);

		judgeAll(backlog, control);
		// the glucose result without its time was stored as version 1 and is still readable as such
		assertThat(rowsOf(OutputCheckTable.State.NON_CONFORMING, control)).isEmpty();
		assertThat(backlog.counts().gone()).isEqualTo(1);
		assertThat(backlog.counts().nonConforming()).isZero();
		assertThat(backlog.counts().conforming()).isEqualTo(3);
	}

	@Test
	void aVersionTheValidatorFailsOnIsSetAsideAndADatabaseFailurePutsTheBatchBackInLine() {
		String n = Long.toString(System.nanoTime(), 36).toUpperCase();
		GuideConformance afterAck = enforcement().conformanceFor(FeedOutputMode.AFTER_ACK);
		StoredOutputCheck real = new StoredOutputCheck(afterAck, enforcement().daosForTests());
		String failing = "U" + n;
		String interrupted = "I" + n;
		FeedOutputBacklog queueing = enforcement().backlogFor(afterAck);
		for (String control : List.of(failing, interrupted)) {
			MllpClient.Ack ack = withAfterAck(afterAck, queueing,
					() -> send(FeedOutputBacklogSuite.labResult(control, control, true)));
			assertThat(ack.code()).isEqualTo("AA");
		}
		List<String> failingVersions = rowsOf(OutputCheckTable.State.PENDING, failing).stream()
				.map(OutputCheckTable.Row::versionedId).toList();
		AtomicBoolean databaseAway = new AtomicBoolean(true);
		AtomicInteger calls = new AtomicInteger();
		// the validator fails on every version of the first message; the database goes away once, mid-batch
		FeedOutputBacklog backlog = new FeedOutputBacklog(table(), id -> {
			calls.incrementAndGet();
			if (failingVersions.contains(id.getValue())) {
				throw new IllegalStateException("validator broke on " + id.getResourceType());
			}
			if (databaseAway.getAndSet(false)) {
				throw new DataAccessResourceFailureException("connection refused");
			}
			return real.judge(id);
		}, 1.0);
		backlog.start();
		try {
			await().atMost(Duration.ofSeconds(60)).until(() -> Stream.of(failing, interrupted)
					.allMatch(control -> rowsOf(OutputCheckTable.State.PENDING, control).isEmpty()
							&& rowsOf(OutputCheckTable.State.CHECKING, control).isEmpty()));
		} finally {
			backlog.shutdown();
		}
		assertThat(rowsOf(OutputCheckTable.State.UNCHECKABLE, failing)).hasSize(4)
				.allSatisfy(r -> assertThat(r.finding()).startsWith("IllegalStateException: validator broke on "));
		assertThat(backlog.counts().uncheckable()).isEqualTo(4);
		// the version the database failure interrupted went back in line and was judged again, not set aside
		assertThat(rowsOf(OutputCheckTable.State.UNCHECKABLE, interrupted)).isEmpty();
		assertThat(rowsOf(OutputCheckTable.State.NON_CONFORMING, interrupted)).isEmpty();
		assertThat(backlog.counts().conforming()).isGreaterThanOrEqualTo(4);
		assertThat(calls.get()).isGreaterThanOrEqualTo(4 + 1 + 4);
	}

	private void delete(String resource) {
		client().delete().resourceById(new org.hl7.fhir.r4.model.IdType(resource)).execute();
	}
}
