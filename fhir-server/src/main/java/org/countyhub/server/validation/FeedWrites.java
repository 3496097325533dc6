package org.countyhub.server.validation;

import java.util.function.Supplier;

/**
 * Marks the writes the feeds make, so the guide can be enforced on them as {@code hub.validation.feed-output} says.
 * The mark is held by the writing thread for the length of one feed transaction: HAPI hands the storage hooks of a
 * transaction's entries request details of its own making, so a mark on the caller's request would not reach them.
 */
public final class FeedWrites {

	private static final ThreadLocal<Boolean> WRITING = new ThreadLocal<>();

	private FeedWrites() {}

	/** Runs one feed write (a transaction, a read-back) marked as such. */
	public static <T> T write(Supplier<T> write) {
		Boolean outer = WRITING.get();
		WRITING.set(Boolean.TRUE);
		try {
			return write.get();
		} finally {
			if (outer == null) {
				WRITING.remove();
			}
		}
	}

	static boolean inProgress() {
		return Boolean.TRUE.equals(WRITING.get());
	}
}
