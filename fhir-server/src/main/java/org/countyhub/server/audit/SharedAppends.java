package org.countyhub.server.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The access records of concurrent requests appended together: one transaction, one lock of the chain head and one
 * commit for everything waiting, where each request used to take the head in turn (a console page's side-by-side
 * calls from four browsers queued there; docs/console.md). Every caller still returns only once its own records
 * are committed, and fails if they could not be: a batch that fails is written again caller by caller, so that one
 * caller's bad record does not fail the others' accesses.
 */
final class SharedAppends {

	private final Object writer;
	private final Consumer<List<AuditTrail.Entry>> write;
	private final Object queueLock = new Object();
	private List<Waiting> queued = new ArrayList<>();

	/**
	 * @param writer the lock every writer of the chain in this instance holds while writing
	 * @param write appends records in a transaction of its own, committed when it returns
	 */
	SharedAppends(Object writer, Consumer<List<AuditTrail.Entry>> write) {
		this.writer = writer;
		this.write = write;
	}

	/** Appends these records, with whatever other callers are waiting to append; committed when this returns. */
	void append(List<AuditTrail.Entry> entries) {
		Waiting mine = new Waiting(entries);
		synchronized (queueLock) {
			queued.add(mine);
		}
		synchronized (writer) {
			// the writer before may have taken these records with its own
			if (!mine.settled) {
				List<Waiting> batch;
				synchronized (queueLock) {
					batch = queued;
					queued = new ArrayList<>();
				}
				writeAll(batch);
			}
		}
		if (mine.failure != null) {
			throw mine.failure;
		}
	}

	private void writeAll(List<Waiting> batch) {
		try {
			write.accept(batch.size() == 1 ? batch.get(0).entries
					: batch.stream().flatMap(w -> w.entries.stream()).toList());
			batch.forEach(w -> w.settled = true);
		} catch (RuntimeException e) {
			if (batch.size() == 1) {
				batch.get(0).failed(e);
				return;
			}
			for (Waiting waiting : batch) {
				try {
					write.accept(waiting.entries);
					waiting.settled = true;
				} catch (RuntimeException own) {
					waiting.failed(own);
				}
			}
		}
	}

	/** One caller's records; settled (and failure) are written and read under the writer lock. */
	private static final class Waiting {
		private final List<AuditTrail.Entry> entries;
		private boolean settled;
		private RuntimeException failure;

		Waiting(List<AuditTrail.Entry> entries) {
			this.entries = entries;
		}

		void failed(RuntimeException e) {
			failure = e;
			settled = true;
		}
	}
}
