package org.countyhub.server.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.Duration;
import java.util.List;
import org.countyhub.server.feeds.MllpClient;
import org.countyhub.server.support.HubServerTest;
import org.junit.jupiter.api.Test;

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
			await().atMost(Duration.ofSeconds(30)).until(() -> backlog.counts().conforming() >= 1);
			// feeds keep arriving for 1.5 s: a check of at least a millisecond is followed by a pause of at least a
			// second, so at most one more check
			long first = backlog.counts().conforming();
			long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
			while (System.nanoTime() < until) {
				backlog.wake();
				sleep(100);
			}
			assertThat(backlog.counts().conforming()).isLessThanOrEqualTo(first + 1);
			// the feeds are quiet: the pause ends and the rest is judged at full pace
			await().atMost(Duration.ofSeconds(20)).until(() -> java.util.stream.Stream.of(OutputCheckTable.State.PENDING,
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

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
