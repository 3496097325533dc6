package org.countyhub.server.validation;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Keeps a background checker to a share of one core: after each piece of work it idles for the work's time x
 * {@code (1 - share) / share}. Java thread priorities do not do this (Linux ignores them), and without it a busy
 * feed paid for its own checks: one message in ten checked cost a quarter of the machine in the end-to-end
 * benchmark (34.5 instead of 44.3 messages/s with 4 senders). A pause ends at once when the checker stops.
 */
final class CoreShare {

	static final long LOOK_MILLIS = 100;

	private final double share;
	private final CountDownLatch stopping = new CountDownLatch(1);

	/** @param setting the property the share comes from, named in the error for a value out of range */
	CoreShare(double share, String setting) {
		if (!(share > 0 && share <= 1)) {
			throw new IllegalArgumentException(setting + " must be above 0 and at most 1, was " + share);
		}
		this.share = share;
	}

	/** Idles after {@code busyNanos} of work so that the work takes at most the share; returns early at stop. */
	void pauseAfter(long busyNanos) {
		pauseAfter(busyNanos, () -> true);
	}

	/**
	 * The same, but the pause also ends as soon as {@code stillNeeded} says so (looked at every
	 * {@link #LOOK_MILLIS}): a checker that keeps to its share only while feeds are busy goes on when they stop.
	 */
	void pauseAfter(long busyNanos, BooleanSupplier stillNeeded) {
		if (share >= 1 || stopped()) {
			return;
		}
		long end = System.nanoTime() + (long) (busyNanos * (1 - share) / share);
		try {
			for (long left = end - System.nanoTime(); left > 0 && stillNeeded.getAsBoolean();
					left = end - System.nanoTime()) {
				// a latch, not an interrupt, ends the pause: an interrupted thread would close the embedded
				// database's file channel
				if (stopping.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(LOOK_MILLIS)), TimeUnit.NANOSECONDS)) {
					return;
				}
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	/** Waits up to {@code millis} unless stopped; true when stopped. */
	boolean awaitStop(long millis) {
		try {
			return stopping.await(millis, TimeUnit.MILLISECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return true;
		}
	}

	void stop() {
		stopping.countDown();
	}

	boolean stopped() {
		return stopping.getCount() == 0;
	}
}
