package org.countyhub.server.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checks deferred to a real database transaction: what they find decides the commit, nothing of a refused
 * transaction stays, and a check no pool thread gets to is done by the committing thread.
 */
class ChecksBeforeCommitTest {

	private JdbcTemplate jdbc;
	private TransactionTemplate transactions;
	private ChecksBeforeCommit checks;

	@BeforeEach
	void database() {
		JdbcDataSource dataSource = new JdbcDataSource();
		dataSource.setURL("jdbc:h2:mem:checks-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
		jdbc = new JdbcTemplate(dataSource);
		jdbc.execute("create table stored (name varchar(20))");
		transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
	}

	@AfterEach
	void stop() {
		if (checks != null) {
			checks.shutdown();
		}
	}

	@Test
	void aRefusingVerdictRollsTheWholeTransactionBackAndTheCallerGetsItsException() {
		checks = new ChecksBeforeCommit(2, "test-check", Duration.ofSeconds(10));
		assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
			for (String name : List.of("report", "glucose", "haemoglobin")) {
				jdbc.update("insert into stored values (?)", name);
				checks.defer(() -> name, checked -> {
					if (checked.equals("glucose")) {
						throw new IllegalArgumentException(checked + " does not conform");
					}
				});
			}
		})).isInstanceOf(IllegalArgumentException.class).hasMessage("glucose does not conform");
		assertThat(jdbc.queryForObject("select count(*) from stored", Integer.class)).isZero();

		transactions.executeWithoutResult(status -> {
			jdbc.update("insert into stored values (?)", "report");
			checks.defer(() -> "report", checked -> {});
		});
		assertThat(jdbc.queryForList("select name from stored", String.class)).containsExactly("report");
	}

	@Test
	void verdictsAreGivenInTheOrderTheChecksWereDeferredSoTheFirstFailureIsTheOneReported() {
		checks = new ChecksBeforeCommit(2, "test-check", Duration.ofSeconds(10));
		List<String> judged = new CopyOnWriteArrayList<>();
		assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
			for (int i = 0; i < 20; i++) {
				int n = i;
				// checks of different lengths (the work itself, not a wait): later ones finish first
				checks.defer(() -> {
					Thread.sleep(20 - n);
					return n;
				}, checked -> {
					judged.add("check " + checked);
					if (checked >= 7) {
						throw new IllegalArgumentException("check " + checked + " failed");
					}
				});
			}
		})).hasMessage("check 7 failed");
		assertThat(judged).hasSize(8).startsWith("check 0").endsWith("check 7");
	}

	@Test
	void aCheckStillInLineIsDoneByTheCommittingThreadAndOneTooSlowIsDoneAgainThere() throws Exception {
		checks = new ChecksBeforeCommit(1, "test-check", Duration.ofMillis(300));
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch started = new CountDownLatch(1);
		List<String> ranOn = new CopyOnWriteArrayList<>();
		String committer = Thread.currentThread().getName();
		transactions.executeWithoutResult(status -> {
			jdbc.update("insert into stored values (?)", "report");
			// the pool's only thread is held by this one (a terminology lookup waiting for a connection, say)
			checks.defer(() -> {
				ranOn.add("slow:" + Thread.currentThread().getName());
				if (!Thread.currentThread().getName().equals(committer)) {
					started.countDown();
					release.await(10, TimeUnit.SECONDS);
				}
				return "slow";
			}, checked -> {});
			awaitQuietly(started);
			// so this one waits in line
			checks.defer(() -> {
				ranOn.add("queued:" + Thread.currentThread().getName());
				return "queued";
			}, checked -> {});
		});
		release.countDown();
		assertThat(jdbc.queryForList("select name from stored", String.class)).containsExactly("report");
		assertThat(ranOn).containsExactly("slow:test-check-1", "slow:" + committer, "queued:" + committer);
	}

	@Test
	void afterARollbackTheChecksStillInLineAreDropped() throws Exception {
		checks = new ChecksBeforeCommit(1, "test-check", Duration.ofSeconds(10));
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch started = new CountDownLatch(1);
		AtomicInteger ran = new AtomicInteger();
		// another writer's check holds the only pool thread
		CompletableFuture<Void> other = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(status -> {
			checks.defer(() -> {
				started.countDown();
				release.await(10, TimeUnit.SECONDS);
				return "other";
			}, checked -> {});
			// not committing (and so not taking the check over) before the pool thread has it
			awaitQuietly(started);
		}));
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
			jdbc.update("insert into stored values (?)", "report");
			for (int i = 0; i < 5; i++) {
				checks.defer(ran::incrementAndGet, checked -> {});
			}
			throw new IllegalStateException("the message failed for another reason");
		})).hasMessage("the message failed for another reason");
		release.countDown();
		other.get(10, TimeUnit.SECONDS);
		assertThat(jdbc.queryForObject("select count(*) from stored", Integer.class)).isZero();
		// the pool thread is free again and would now run what is left in line
		Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> ran.get() == 0);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
		} catch (InterruptedException e) {
			throw new IllegalStateException(e);
		}
	}

	@Test
	void outsideATransactionNothingCanBeDeferred() {
		checks = new ChecksBeforeCommit(1, "test-check", Duration.ofSeconds(10));
		assertThat(ChecksBeforeCommit.inTransaction()).isFalse();
		assertThatThrownBy(() -> checks.defer(() -> "x", checked -> {})).isInstanceOf(IllegalStateException.class);
	}
}
