package org.countyhub.server.console;

import jakarta.annotation.PreDestroy;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.springframework.stereotype.Component;

/**
 * Calls to the hub's API that one page makes independently of each other (the 360 view's summary column and
 * timeline), run side by side: each waits mostly on the database and the access record's commit, so the page waits
 * for the slowest, not for their sum. A small pool of its own; when it is busy the page's own thread makes the call,
 * so a burst of pages never queues behind one another here.
 */
@OnEmbeddedSignIn
@Component
public class SideBySideCalls {

	/** One call started; {@link #get()} waits for it and throws what the call threw (a refusal stays a refusal). */
	public static final class Call<T> {
		private final CompletableFuture<T> future;

		private Call(CompletableFuture<T> future) {
			this.future = future;
		}

		public T get() {
			try {
				return future.join();
			} catch (CompletionException e) {
				if (e.getCause() instanceof RuntimeException cause) {
					throw cause;
				}
				throw e;
			}
		}
	}

	private static final int THREADS = 8;

	private final ThreadPoolExecutor pool;

	SideBySideCalls() {
		AtomicInteger counter = new AtomicInteger();
		pool = new ThreadPoolExecutor(THREADS, THREADS, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(THREADS * 4),
				r -> {
					Thread thread = new Thread(r, "console-calls-" + counter.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				}, new ThreadPoolExecutor.CallerRunsPolicy());
		pool.allowCoreThreadTimeOut(true);
	}

	public <T> Call<T> start(Supplier<T> call) {
		return new Call<>(CompletableFuture.supplyAsync(call, pool));
	}

	@PreDestroy
	void stop() {
		pool.shutdownNow();
	}
}
