package org.countyhub.feeds.intake;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The hub's journal of every message received, kept before it is processed: raw bytes, unit, control id,
 * status and error. Keyed by unit + control id (MSH-4 + MSH-10). A re-delivery of a message that was applied
 * (same bytes, by digest) is not applied again; different bytes under an applied control id are kept in an entry
 * of their own and never overwrite the applied one; a re-delivery of a message that failed refreshes its entry.
 */
public interface ReceivedMessages {

	/** Where a message stands. */
	enum Status {
		/** kept, being processed */
		RECEIVED,
		/** its transaction committed, ACKed AA */
		PROCESSED,
		/** NAKed (AE/AR); waits for an operator to fix the mapping and replay it */
		FAILED,
		/** the database was unavailable; retried automatically */
		PENDING
	}

	/** Longest unit (MSH-4) the journal keys by; longer ones are cut and hashed ({@link JournalKey}). */
	int MAX_UNIT = 64;
	/** Longest control id (MSH-10) the journal keys by. */
	int MAX_CONTROL_ID = 200;
	/** Longest message type (MSH-9) the journal records. */
	int MAX_MESSAGE_TYPE = 20;

	/** What the journal knows of a delivery. */
	enum Delivery {
		/** first delivery, or a re-delivery of a message that was not applied: process it */
		NEW,
		/** the same bytes were applied already: answer AA, do not apply again */
		ALREADY_APPLIED,
		/** the same bytes are being processed by another delivery right now */
		IN_PROGRESS,
		/** other bytes under a control id that was applied: kept in an entry of their own, not applied */
		CONFLICT
	}

	/** The entry a delivery was kept in, and what to do with it. */
	record Kept(long id, Delivery delivery) {}

	/** A message as received; the keys fit the limits above. */
	record Incoming(String unit, String controlId, String messageType, byte[] raw) {}

	/** A journal entry. */
	record Entry(
			long id,
			String unit,
			String controlId,
			String messageType,
			Status status,
			String ackCode,
			String error,
			int attempts,
			Instant receivedAt,
			Instant processedAt) {}

	/**
	 * Keeps the message: a new entry, or the entry of the same unit + control id refreshed to RECEIVED when it was
	 * not applied (or its worker's lease ran out); see {@link Delivery} for re-deliveries of an applied or in-flight
	 * message. An entry to process ({@link Delivery#NEW}) comes with a lease for the caller.
	 *
	 * @throws StorageUnavailableException when the database cannot be reached
	 */
	Kept keep(Incoming message);

	/**
	 * A replay or retry starts: back to RECEIVED with a fresh lease, one more attempt. Refused (false) while another
	 * worker, on this hub or another one on the same database, holds a live lease on the entry: it is still
	 * processing the message (issue 20, finding 3).
	 */
	boolean claim(long id);

	/** Extends the leases of the entries this process is working on (its workers are alive). */
	void renew(Collection<Long> ids);

	/** Applied: PROCESSED, the ACK to be sent kept byte for byte, lease released. */
	void processed(long id, byte[] ack);

	/** Not applied: the status, ACK code and reason recorded, the NAK to be sent kept byte for byte, lease released. */
	void failed(long id, Status status, String ackCode, String error, byte[] ack);

	/** Entries left RECEIVED whose lease ran out (their worker or hub stopped mid-way), oldest first. */
	List<Entry> abandoned(int limit);

	Optional<Entry> find(long id);

	Optional<byte[]> raw(long id);

	/** The last answer recorded for the entry, as sent; empty when none was (not yet answered, or from before). */
	Optional<byte[]> ack(long id);

	/** Entries in a status, oldest first, at most {@code limit}. */
	List<Entry> list(Status status, int limit);
}
