package org.countyhub.server.validation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Checks that run beside a transaction's storage work and are joined before it commits. Checking a lab result's
 * resources against the guide took as long as storing them (~5 ms each when this was built, ~1 – 2 ms since the
 * validator got cheaper); one after the other on the feed thread, a sender's every message waited for both. A
 * check deferred here starts on a small pool while the writing thread goes on storing; when the transaction is
 * about to commit, that thread runs the checks no pool thread has started yet, waits for the others and hands each
 * result to its verdict in the order the checks were deferred. A verdict that throws aborts the commit: the
 * transaction rolls back and the caller gets the exception, exactly as if the check had run where it was deferred.
 *
 * <p>A pool thread that does not finish within {@link #WAIT} (a cold start, or a terminology lookup waiting for a
 * database connection the writers hold) is not waited for further: the committing thread does the check itself.
 */
final class ChecksBeforeCommit {

	/** How long a committing thread waits for a check a pool thread is doing before it does the check itself. */
	static final Duration WAIT = Duration.ofSeconds(10);

	private final ThreadPoolExecutor pool;
	private final long waitMillis;
	private final AtomicLong deferred = new AtomicLong();

	/**
	 * @param threads checks run at once besides the writers' own (the writers take over what waits in line)
	 * @param wait    see {@link #WAIT}
	 */
	ChecksBeforeCommit(int threads, String name, Duration wait) {
		this.waitMillis = wait.toMillis();
		if (threads < 1) {
			throw new IllegalArgumentException("threads must be at least 1");
		}
		AtomicInteger count = new AtomicInteger();
		pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(threads * 64),
				task -> {
					Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				},
				// a full line: the writer checks this one itself (a pool that cannot keep up must not drop checks)
				new ThreadPoolExecutor.CallerRunsPolicy());
		pool.allowCoreThreadTimeOut(true);
	}

	/** Whether the calling thread is in a transaction a check can be deferred to. */
	static boolean inTransaction() {
		return TransactionSynchronizationManager.isSynchronizationActive()
				&& TransactionSynchronizationManager.isActualTransactionActive();
	}

	/**
	 * Starts {@code check} and has {@code verdict} judge its result before the current transaction commits.
	 *
	 * @throws IllegalStateException outside a transaction ({@link #inTransaction()})
	 */
	<T> void defer(Callable<T> check, Consumer<T> verdict) {
		if (!inTransaction()) {
			throw new IllegalStateException("no transaction to defer a check to");
		}
		Pending pending = (Pending) TransactionSynchronizationManager.getResource(this);
		if (pending == null) {
			pending = new Pending();
			TransactionSynchronizationManager.bindResource(this, pending);
			TransactionSynchronizationManager.registerSynchronization(pending);
		}
		Deferred<T> deferred = new Deferred<>(check, verdict, waitMillis);
		pending.checks.add(deferred);
		this.deferred.incrementAndGet();
		pool.execute(deferred.task);
	}

	/** Checks deferred so far (for tests). */
	long deferredCount() {
		return deferred.get();
	}

	void shutdown() {
		pool.shutdownNow();
	}

	/** The checks deferred to one transaction. */
	private final class Pending implements TransactionSynchronization {
		private final List<Deferred<?>> checks = new ArrayList<>();

		@Override
		public void beforeCommit(boolean readOnly) {
			for (Deferred<?> check : checks) {
				check.judge();
			}
		}

		@Override
		public void afterCompletion(int status) {
			TransactionSynchronizationManager.unbindResourceIfPossible(ChecksBeforeCommit.this);
			// after a rollback the checks still in line are not needed any more
			checks.forEach(check -> check.task.cancel(false));
		}
	}

	private static final class Deferred<T> {
		private final Callable<T> check;
		private final Consumer<T> verdict;
		private final FutureTask<T> task;
		private final long waitMillis;

		Deferred(Callable<T> check, Consumer<T> verdict, long waitMillis) {
			this.check = check;
			this.verdict = verdict;
			this.waitMillis = waitMillis;
			this.task = new FutureTask<>(check);
		}

		void judge() {
			// runs the check here unless a pool thread has started it (a FutureTask runs once)
			task.run();
			T result;
			try {
				result = task.get(waitMillis, TimeUnit.MILLISECONDS);
			} catch (TimeoutException e) {
				result = callHere();
			} catch (ExecutionException e) {
				throw rethrown(e.getCause());
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while waiting for a check", e);
			}
			verdict.accept(result);
		}

		private T callHere() {
			try {
				return check.call();
			} catch (Exception e) {
				throw rethrown(e);
			}
		}

		private static RuntimeException rethrown(Throwable cause) {
			if (cause instanceof RuntimeException runtime) {
				return runtime;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			return new IllegalStateException("check failed", cause);
		}
	}
}
