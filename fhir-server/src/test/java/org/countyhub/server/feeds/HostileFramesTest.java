package org.countyhub.server.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.countyhub.server.support.HubServerTest;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 20 findings 4 and 5 through a real socket: 1,200 hostile frames from a fixed seed ({@link HostileFrames}).
 * Every frame is answered (the expected code where the frame's kind decides it) on a connection that stays usable,
 * every frame is in the journal byte for byte, a valid message afterwards is answered AA within a second, and the
 * heap is not left holding the corpus.
 */
class HostileFramesTest extends HubServerTest {

	private static final Logger log = LoggerFactory.getLogger(HostileFramesTest.class);
	private static final long SEED = 20;
	private static final int FRAMES = 1_200;
	private static final long WARM_UP_SEED = 21;
	private static final int WARM_UP_FRAMES = 100;

	@Autowired
	private JdbcTemplate jdbc;

	@Test
	void everyFrameIsJournaledAndAnsweredAndTheFeedGoesOn() {
		// a smaller corpus of another seed first warms what the hub loads once (validation and terminology caches,
		// compiled code), so the heap measured around the main corpus shows what the hub keeps of it; each corpus
		// and the journal's copies of it live only inside its call
		// identical bytes (an HTTP request, say) meet the entry the first copy made, so each corpus is looked for
		// among the entries made since the test began
		long lastEntry = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM hub_feed_message", Long.class);
		sendTheCorpusAndFindItJournaled(WARM_UP_SEED, WARM_UP_FRAMES, lastEntry);
		long heapBefore = usedHeapAfterGc();
		sendTheCorpusAndFindItJournaled(SEED, FRAMES, lastEntry);

		long t0 = System.nanoTime();
		try (MllpClient after = new MllpClient(mllpPort())) {
			MllpClient.Ack ack = after.send(FeedMessages.adt("A04", "XRMYY", FeedMessages.unique("C"),
					FeedMessages.unique("M"), FeedMessages.idCard(), "吴^刚", FeedMessages.unique("V"), "UNICODE UTF-8"));
			assertThat(ack.code()).as(ack.text()).isEqualTo("AA");
		}
		assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
		// the hub's own work after the corpus (matching, retries) may still hold memory for a moment
		await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
			long heapAfter = usedHeapAfterGc();
			log.info("hostile frames: heap in use {} MB before, {} MB after", heapBefore >> 20, heapAfter >> 20);
			assertThat(heapAfter - heapBefore).as("heap kept after the corpus").isLessThan(256L << 20);
		});
	}

	private void sendTheCorpusAndFindItJournaled(long seed, int count, long lastEntry) {
		List<HostileFrames.Frame> frames = HostileFrames.generate(seed, FeedMessages.unique(""), count);
		List<String> wrong = new ArrayList<>();
		MllpClient sender = new MllpClient(mllpPort());
		try {
			for (HostileFrames.Frame frame : frames) {
				try {
					String ack = new String(sender.send(frame.bytes()), StandardCharsets.ISO_8859_1);
					String code = new MllpClient.Ack(ack).code();
					if (!Set.of("AA", "AE", "AR").contains(code)
							|| (frame.expectedAck() != null && !frame.expectedAck().equals(code))) {
						wrong.add(describe(frame) + " answered " + code + ": " + new MllpClient.Ack(ack).err());
					}
				} catch (UncheckedIOException e) {
					wrong.add(describe(frame) + " not answered: " + e.getMessage());
					sender.close();
					sender = new MllpClient(mllpPort());
				}
			}
		} finally {
			sender.close();
		}
		assertThat(wrong).as("%d of %d frames", wrong.size(), frames.size()).isEmpty();

		Set<ByteBuffer> journaled = new HashSet<>();
		jdbc.query("SELECT raw FROM hub_feed_message WHERE id > ?",
				(java.sql.ResultSet row) -> {
					journaled.add(ByteBuffer.wrap(row.getBytes(1)));
				}, lastEntry);
		assertThat(frames).filteredOn(f -> !journaled.contains(ByteBuffer.wrap(f.bytes())))
				.extracting(HostileFramesTest::describe).isEmpty();
	}

	private static String describe(HostileFrames.Frame frame) {
		return "frame " + frame.number() + " (" + frame.kind() + ", " + frame.bytes().length + " bytes)";
	}

	private static long usedHeapAfterGc() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		memory.gc();
		return memory.getHeapMemoryUsage().getUsed();
	}
}
