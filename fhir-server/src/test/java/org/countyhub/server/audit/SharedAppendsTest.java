package org.countyhub.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.AuditEvent;
import org.junit.jupiter.api.Test;

/**
 * Access records of concurrent requests go to the chain together, and each request still returns only when its own
 * records are committed, or fails when they could not be.
 */
class SharedAppendsTest {

	private final Object writer = new Object();
	private final List<List<String>> writes = new CopyOnWriteArrayList<>();
	private final Map<String, RuntimeException> failures = new ConcurrentHashMap<>();
	private final CountDownLatch firstWriteMayEnd = new CountDownLatch(1);
	private final SharedAppends appends = new SharedAppends(writer, entries -> {
		writes.add(actors(entries));
		if (writes.size() == 1) {
			released(firstWriteMayEnd);
		}
		if (actors(entries).contains("bad")) {
			throw new IllegalStateException("value too long for the actor column");
		}
	});

	@Test
	void callersWaitingWhileOneWritesAreWrittenTogetherInOneTransaction() throws Exception {
		CompletableFuture<Void> first = firstWriteUnderWay();

		List<Thread> waiting = List.of(caller(appends, "b"), caller(appends, "c"), caller(appends, "d"));
		await().atMost(Duration.ofSeconds(10))
				.until(() -> waiting.stream().allMatch(t -> t.getState() == Thread.State.BLOCKED));
		assertThat(first).as("the first caller returns only when its write has committed").isNotDone();

		firstWriteMayEnd.countDown();
		first.get(10, TimeUnit.SECONDS);
		for (Thread thread : waiting) {
			thread.join(10_000);
			assertThat(thread.isAlive()).isFalse();
		}
		assertThat(failures).isEmpty();
		assertThat(writes).hasSize(2);
		assertThat(writes.get(0)).containsExactly("a");
		assertThat(writes.get(1)).containsExactlyInAnyOrder("b", "c", "d");
	}

	@Test
	void aBatchThatFailsIsWrittenCallerByCallerAndOnlyTheBadRecordsCallerFails() throws Exception {
		CompletableFuture<Void> first = firstWriteUnderWay();
		Thread good = caller(appends, "good");
		Thread bad = caller(appends, "bad");
		await().atMost(Duration.ofSeconds(10)).until(() -> good.getState() == Thread.State.BLOCKED
				&& bad.getState() == Thread.State.BLOCKED);

		firstWriteMayEnd.countDown();
		first.get(10, TimeUnit.SECONDS);
		good.join(10_000);
		bad.join(10_000);
		assertThat(failures).containsOnlyKeys("bad");
		assertThat(failures.get("bad")).hasMessage("value too long for the actor column");
		assertThat(writes).as("the shared batch failed, then each caller's records were written alone")
				.contains(List.of("good"), List.of("bad"));
	}

	@Test
	void aCallerAloneWritesAtOnce() {
		SharedAppends alone = new SharedAppends(writer, entries -> writes.add(actors(entries)));
		alone.append(List.of(entry("x"), entry("y")));
		alone.append(List.of(entry("z")));
		assertThat(writes).containsExactly(List.of("x", "y"), List.of("z"));
	}

	/**
	 * Caller "a" appending, its write under way until {@link #firstWriteMayEnd} is counted down. Each write is
	 * recorded; a record of actor "bad" cannot be stored.
	 */
	private CompletableFuture<Void> firstWriteUnderWay() {
		CompletableFuture<Void> first = CompletableFuture.runAsync(() -> appends.append(List.of(entry("a"))));
		await().atMost(Duration.ofSeconds(10)).until(() -> writes.size() == 1);
		return first;
	}

	private Thread caller(SharedAppends appends, String actor) {
		Thread thread = new Thread(() -> {
			try {
				appends.append(List.of(entry(actor)));
			} catch (RuntimeException e) {
				failures.put(actor, e);
			}
		}, "caller-" + actor);
		thread.start();
		return thread;
	}

	private static void released(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	private static List<String> actors(List<AuditTrail.Entry> entries) {
		return entries.stream().map(AuditTrail.Entry::actor).toList();
	}

	private static AuditTrail.Entry entry(String actor) {
		return new AuditTrail.Entry(new AuditEvent(), null, actor, "WSY01", "read", "0", null);
	}
}
