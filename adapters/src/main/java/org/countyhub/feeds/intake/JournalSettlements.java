package org.countyhub.feeds.intake;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes the deliveries waiting for a copy of their message that another connection is processing, the moment this
 * hub records an outcome, instead of each looking at the journal on a clock. The wait is still bounded: the copy
 * may be processed by another hub on the same database, whose outcome only the journal shows.
 */
final class JournalSettlements {

	private final ReentrantLock lock = new ReentrantLock();
	private final Condition settled = lock.newCondition();
	private long outcomes;

	/** An entry was recorded as processed or failed on this hub. */
	void signal() {
		lock.lock();
		try {
			outcomes++;
			settled.signalAll();
		} finally {
			lock.unlock();
		}
	}

	/** How many outcomes were recorded so far: taken before looking at the journal, so none is missed after. */
	long seen() {
		lock.lock();
		try {
			return outcomes;
		} finally {
			lock.unlock();
		}
	}

	/** Waits until an outcome after {@code seen} is recorded on this hub, at most {@code maxMillis}. */
	void awaitAfter(long seen, long maxMillis) throws InterruptedException {
		long left = TimeUnit.MILLISECONDS.toNanos(maxMillis);
		lock.lock();
		try {
			while (outcomes == seen && left > 0) {
				left = settled.awaitNanos(left);
			}
		} finally {
			lock.unlock();
		}
	}
}
