package org.countyhub.feeds.intake;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends kept messages through the intake again: an operator's replay of a failed message after a mapping fix,
 * and the automatic retry of what arrived while the database was down (spool files and PENDING entries).
 */
public final class FeedReplay {

	private static final Logger log = LoggerFactory.getLogger(FeedReplay.class);

	private final ReceivedMessages journal;
	private final MessageSpool spool;
	private final ProducerTemplate producer;

	public FeedReplay(ReceivedMessages journal, MessageSpool spool, ProducerTemplate producer) {
		this.journal = journal;
		this.spool = spool;
		this.producer = producer;
	}

	/** The outcome of one replay. */
	public record Outcome(long id, String ackCode) {}

	/** Replays one journal entry; empty when there is no such entry. */
	public Optional<Outcome> replay(long id) {
		Optional<byte[]> raw = journal.raw(id);
		if (raw.isEmpty()) {
			return Optional.empty();
		}
		Exchange answer = send(raw.get(), id, false);
		return Optional.of(new Outcome(id, answer.getMessage().getHeader(FeedIntakeRoute.ACK_CODE, String.class)));
	}

	/** Replays every entry in a status (oldest first, at most {@code limit}). */
	public List<Outcome> replayAll(ReceivedMessages.Status status, int limit) {
		List<Outcome> outcomes = new ArrayList<>();
		for (ReceivedMessages.Entry entry : journal.list(status, limit)) {
			replay(entry.id()).ifPresent(outcomes::add);
		}
		return outcomes;
	}

	/**
	 * Journals and processes spooled messages, then retries PENDING entries and entries left in RECEIVED by a
	 * worker whose lease ran out (its hub stopped or the database failed mid-way). Stops at the first sign the database is still down.
	 */
	public void retryWaiting() {
		for (Path file : spool.pending()) {
			Exchange answer = send(spool.read(file), null, true);
			if (answer.getMessage().getHeader(FeedIntakeRoute.JOURNAL_ID, -1L, Long.class) < 0) {
				return;
			}
			spool.remove(file);
			log.info("spooled message {} journaled as {} and answered {}", file.getFileName(),
					answer.getMessage().getHeader(FeedIntakeRoute.JOURNAL_ID),
					answer.getMessage().getHeader(FeedIntakeRoute.ACK_CODE));
		}
		List<ReceivedMessages.Entry> waiting = new ArrayList<>(journal.list(ReceivedMessages.Status.PENDING, 100));
		// only entries whose worker's lease ran out: one still being processed is never started a second time
		waiting.addAll(journal.abandoned(100));
		for (ReceivedMessages.Entry entry : waiting) {
			Optional<Outcome> outcome = replay(entry.id());
			if (outcome.isPresent() && "AE".equals(outcome.get().ackCode())
					&& journal.find(entry.id()).map(e -> e.status() == ReceivedMessages.Status.PENDING).orElse(true)) {
				return;
			}
		}
	}

	private Exchange send(byte[] raw, Long replayOf, boolean spooled) {
		Exchange exchange = new DefaultExchange(producer.getCamelContext());
		exchange.getMessage().setBody(raw);
		if (replayOf != null) {
			exchange.getMessage().setHeader(FeedIntakeRoute.REPLAY_OF, replayOf);
		}
		exchange.getMessage().setHeader(FeedIntakeRoute.SPOOLED, spooled);
		return producer.send(FeedIntakeRoute.ENDPOINT, exchange);
	}
}
