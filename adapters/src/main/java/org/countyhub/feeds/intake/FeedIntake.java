package org.countyhub.feeds.intake;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.countyhub.feeds.fhir.FeedContext;
import org.countyhub.feeds.fhir.FeedException;
import org.countyhub.feeds.hl7.Hl7Charsets;
import org.countyhub.feeds.hl7.Hl7Message;
import org.countyhub.feeds.hl7.Hl7ParseException;
import org.countyhub.feeds.hl7.RawHeader;
import org.countyhub.feeds.mllp.OversizedFrame;
import org.countyhub.feeds.unit.FeedUnit;
import org.countyhub.feeds.unit.FeedUnits;
import org.countyhub.profiles.HubMsg;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps every message goes through before and after its feed: keep it (journal, or spool when the database
 * is down), read it in the charset it declares, find its unit and feed; then acknowledge. Plain Java, called by
 * the intake route, so each step is testable without Camel.
 */
public final class FeedIntake {

	private static final Logger log = LoggerFactory.getLogger(FeedIntake.class);
	private static final String DATABASE_UNAVAILABLE = HubMsg.code(2006)
			+ "database unavailable; the message is kept and will be processed when it returns";

	private final FeedUnits units;
	private final ReceivedMessages journal;
	private final MessageSpool spool;
	private final Acks acks;
	/** Journal entries this process is working on: their leases are renewed while it lives. */
	private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
	private final JournalSettlements settlements = new JournalSettlements();

	public FeedIntake(FeedUnits units, ReceivedMessages journal, MessageSpool spool, Acks acks) {
		this.units = units;
		this.journal = journal;
		this.spool = spool;
		this.acks = acks;
	}

	/** How long a re-delivery waits for the same message being processed on another connection. */
	private static final java.time.Duration IN_PROGRESS_WAIT = java.time.Duration.ofSeconds(30);
	private static final long OTHER_HUB_LOOK_MILLIS = 200;

	/** A message received and kept, and whether to apply it (see {@link ReceivedMessages.Delivery}). */
	public record Receipt(long journalId, RawHeader header, Charset charset, ReceivedMessages.Delivery delivery) {

		public boolean toApply() {
			return delivery == ReceivedMessages.Delivery.NEW;
		}
	}

	/**
	 * Keeps the raw bytes before anything else. When the database is down the bytes go to the spool and the
	 * sender gets AE; the spool is journaled and processed when the database returns.
	 *
	 * @param replayOf the journal entry being replayed, or null for a new delivery
	 * @param spooled  the message comes from the spool: do not spool it again
	 */
	public Receipt keep(byte[] raw, Long replayOf, boolean spooled) {
		RawHeader header = RawHeader.of(raw);
		Charset charset = ackCharset(header);
		if (replayOf != null) {
			// an operator's replay (or the retry job) applies the kept message again, deliberately, unless a worker
			// still holds its lease (it is being processed right now, here or on another hub)
			if (!journal.claim(replayOf)) {
				return new Receipt(-1, header, charset, ReceivedMessages.Delivery.IN_PROGRESS);
			}
			return working(new Receipt(replayOf, header, charset, ReceivedMessages.Delivery.NEW));
		}
		FrameKey key = FrameKey.of(raw, header, charset);
		String unit = key.unit();
		String controlId = key.controlId();
		try {
			ReceivedMessages.Kept kept = keepOnce(new ReceivedMessages.Incoming(unit, controlId,
					JournalKey.fit(header.typeAndEvent(), ReceivedMessages.MAX_MESSAGE_TYPE), raw));
			if (kept.delivery() != ReceivedMessages.Delivery.NEW) {
				log.info("unit {} message {}: {} (journal entry {})", unit, controlId, kept.delivery(), kept.id());
			}
			// an entry another delivery is still processing is not this delivery's to record a failure in
			long id = kept.delivery() == ReceivedMessages.Delivery.IN_PROGRESS ? -1 : kept.id();
			return working(new Receipt(id, header, charset, kept.delivery()));
		} catch (StorageUnavailableException e) {
			if (spooled) {
				throw e;
			}
			spool.keep(raw);
			log.warn("{}unit {} message {} spooled to {}", DATABASE_UNAVAILABLE.substring(0, 10), unit, controlId,
					spool.dir());
			throw new KeptForLaterException(new Receipt(-1, header, charset, ReceivedMessages.Delivery.NEW));
		}
	}

	/**
	 * Keeps a delivery; when the same bytes are being processed on another connection (a sender that gave up
	 * waiting for the ACK and sent again), waits for that outcome: applied → this one is answered AA too; failed →
	 * this one is processed.
	 */
	private ReceivedMessages.Kept keepOnce(ReceivedMessages.Incoming message) {
		long deadline = System.nanoTime() + IN_PROGRESS_WAIT.toNanos();
		long seen = settlements.seen();
		ReceivedMessages.Kept kept = journal.keep(message);
		while (kept.delivery() == ReceivedMessages.Delivery.IN_PROGRESS && System.nanoTime() < deadline) {
			try {
				// woken by an outcome recorded here; the bound covers a copy another hub on the database holds
				settlements.awaitAfter(seen, OTHER_HUB_LOOK_MILLIS);
				seen = settlements.seen();
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return kept;
			}
			long id = kept.id();
			boolean settled = journal.find(id).map(e -> e.status() != ReceivedMessages.Status.RECEIVED).orElse(true);
			if (settled) {
				kept = journal.keep(message);
			}
		}
		return kept;
	}

	/**
	 * A delivery that is not applied: the same message already applied is answered AA again; other content under
	 * an applied control id, or a copy still being processed elsewhere, is answered AE with the reason.
	 */
	public byte[] notApplied(Receipt receipt) {
		if (receipt.delivery() == ReceivedMessages.Delivery.ALREADY_APPLIED) {
			return acks.accept(receipt.header(), receipt.charset());
		}
		if (receipt.delivery() == ReceivedMessages.Delivery.CONFLICT) {
			throw new FeedException(FeedException.Ack.AE, 2100, "205", "kept as journal entry " + receipt.journalId()
					+ ", not applied: MSH-10 '" + receipt.header().controlId() + "' of unit "
					+ receipt.header().sendingFacility() + " was applied already with other content (a new message needs "
					+ "a new MSH-10; the operator may replay this one)");
		}
		throw new FeedException(FeedException.Ack.AE, 2102, "207", "MSH-10 '" + receipt.header().controlId()
				+ "' is still being processed from an earlier delivery; send it again later");
	}

	/** Reads the kept bytes: charset (MSH-18, else the unit's default), segments, unit, feed. */
	public FeedContext read(byte[] raw, Receipt receipt) {
		return read(raw, receipt.header());
	}

	/**
	 * Reads kept bytes as {@link #read(byte[], Receipt)} does, outside a delivery (the operator's view of the
	 * transaction a journal entry makes).
	 */
	public FeedContext read(byte[] raw) {
		return read(raw, RawHeader.of(raw));
	}

	private FeedContext read(byte[] raw, RawHeader header) {
		if (header.sendingFacility().isEmpty() && header.controlId().isEmpty() && header.messageType().isEmpty()) {
			throw new FeedException(FeedException.Ack.AR, 2022, "100", "not an HL7 v2 message (no MSH segment)");
		}
		Optional<FeedUnit> unit = units.byCode(header.sendingFacility());
		Charset charset = charset(header, unit);
		String text;
		try {
			text = charset.newDecoder()
					.onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT)
					.decode(ByteBuffer.wrap(raw))
					.toString();
		} catch (CharacterCodingException e) {
			throw new FeedException(FeedException.Ack.AR, 2007, "102",
					"the message is not valid " + charset.name() + " text (MSH-18 '" + header.charsetName() + "')");
		}
		Hl7Message message;
		try {
			message = Hl7Message.parse(text);
		} catch (Hl7ParseException e) {
			throw new FeedException(FeedException.Ack.AR, 2001, "100", "cannot read the message: " + e.getMessage());
		}
		if (message.controlId().isBlank()) {
			// spaces, tabs or an ideographic space (U+3000) identify nothing: a re-delivery could not be recognised
			throw new FeedException(FeedException.Ack.AR, 2008, "101", "MSH-10 (message control id) is empty");
		}
		FeedUnit sender = unit.orElseThrow(() -> new FeedException(FeedException.Ack.AE, 2003, "204",
				"sending facility (MSH-4) '" + header.sendingFacility() + "' is not a member unit of the county"));
		return new FeedContext(message, sender);
	}

	public byte[] accepted(Receipt receipt) {
		byte[] ack = acks.accept(receipt.header(), receipt.charset());
		journal.processed(receipt.journalId(), ack);
		inFlight.remove(receipt.journalId());
		settlements.signal();
		return ack;
	}

	/** Keeps the leases of the messages being processed here alive (called periodically by the retry route). */
	public void renewLeases() {
		if (inFlight.isEmpty()) {
			return;
		}
		try {
			journal.renew(Set.copyOf(inFlight));
		} catch (StorageUnavailableException e) {
			// nobody can claim them while the database is down either; renewed at the next tick
			log.debug("leases not renewed: database unavailable");
		}
	}

	/** A receipt to process holds its entry's lease until it is answered. */
	private Receipt working(Receipt receipt) {
		if (receipt.toApply() && receipt.journalId() >= 0) {
			inFlight.add(receipt.journalId());
		}
		return receipt;
	}

	/** The NAK for a failure, after recording it in the journal (if the journal can still be written). */
	public Nak rejected(Receipt receipt, RawHeader fallbackHeader, Throwable failure) {
		RawHeader header = receipt == null ? fallbackHeader : receipt.header();
		Charset charset = receipt == null ? ackCharset(header) : receipt.charset();
		String ack;
		String code;
		String text;
		ReceivedMessages.Status status;
		if (failure instanceof KeptForLaterException) {
			ack = "AE";
			code = "207";
			text = DATABASE_UNAVAILABLE;
			status = null;
		} else if (failure instanceof FeedException fe) {
			ack = fe.ack().name();
			code = fe.hl7ErrorCode();
			text = fe.getMessage();
			status = ReceivedMessages.Status.FAILED;
		} else if (failure instanceof StorageUnavailableException) {
			ack = "AE";
			code = "207";
			text = DATABASE_UNAVAILABLE;
			status = ReceivedMessages.Status.PENDING;
		} else {
			ack = "AE";
			code = "207";
			text = HubMsg.code(2005) + "the FHIR store rejected the message: " + StoreRefusal.reason(failure);
			status = ReceivedMessages.Status.FAILED;
		}
		long id = receipt == null ? -1 : receipt.journalId();
		inFlight.remove(id);
		log.warn("{} unit {} message {}: {} ({})", ack, header.sendingFacility(), header.controlId(),
				text.length() > 9 ? text.substring(0, 9) : text, failure.getClass().getSimpleName());
		log.debug("unit {} message {} failed", header.sendingFacility(), header.controlId(), failure);
		byte[] nak = acks.reject(header, ack, code, text, charset);
		if (id >= 0 && status != null) {
			try {
				journal.failed(id, status, ack, text, nak);
				settlements.signal();
			} catch (RuntimeException e) {
				// the entry stays RECEIVED; the retry job picks it up when the database is back
				log.warn("{}unit {} message {}: could not record the failure: {}", DATABASE_UNAVAILABLE.substring(0, 10),
						header.sendingFacility(),
						header.controlId(), e.getClass().getSimpleName());
			}
		}
		return new Nak(ack, nak);
	}

	/**
	 * The answer to a frame over the listener's maximum: AR, so that the sender stops sending it. It was not kept
	 * (the hub read past it without holding it); the sender's operator has to split or shorten it.
	 */
	public Nak oversized(OversizedFrame frame) {
		RawHeader header = RawHeader.of(frame.head());
		String text = HubMsg.code(2201) + "frame over hub.mllp.max-frame, not kept: " + frame.length() + " > "
				+ frame.limit() + " bytes";
		log.warn("AR unit {} message {}: {}frame of {} bytes over the maximum of {}", header.sendingFacility(),
				header.controlId(), text.substring(0, 10), frame.length(), frame.limit());
		return new Nak("AR", acks.reject(header, "AR", "207", text, ackCharset(header)));
	}

	/** A negative acknowledgment and its code. */
	public record Nak(String code, byte[] bytes) {}

	private Charset ackCharset(RawHeader header) {
		if (!header.charsetName().isEmpty()) {
			return Hl7Charsets.forMsh18(header.charsetName()).orElse(StandardCharsets.UTF_8);
		}
		return units.byCode(header.sendingFacility())
				.map(u -> Charset.forName(u.feed().defaultCharset()))
				.orElse(StandardCharsets.UTF_8);
	}

	private static Charset charset(RawHeader header, Optional<FeedUnit> unit) {
		if (header.charsetName().isEmpty()) {
			return unit.map(u -> Charset.forName(u.feed().defaultCharset())).orElse(StandardCharsets.UTF_8);
		}
		return Hl7Charsets.forMsh18(header.charsetName()).orElseThrow(() -> new FeedException(FeedException.Ack.AR,
				2023, "103", "MSH-18 character set '" + header.charsetName() + "' is not supported"));
	}


	/** The database was down; the message is in the spool. */
	public static final class KeptForLaterException extends RuntimeException {

		private final transient Receipt receipt;

		KeptForLaterException(Receipt receipt) {
			super("spooled", null, false, false);
			this.receipt = receipt;
		}

		public Receipt receipt() {
			return receipt;
		}
	}
}
