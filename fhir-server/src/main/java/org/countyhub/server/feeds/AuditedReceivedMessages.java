package org.countyhub.server.feeds;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.countyhub.feeds.intake.ReceivedMessages;
import org.countyhub.feeds.intake.StorageUnavailableException;
import org.countyhub.server.audit.FeedIntakeAudit;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The journal, with each answer (AA, or AE / AR with its reason) put in the access records' outbox in the same
 * transaction that records it ({@link FeedIntakeAudit}): a message is on record in the journal exactly when its
 * access record is on its way to the chain.
 */
final class AuditedReceivedMessages implements ReceivedMessages {

	private final ReceivedMessages journal;
	private final FeedIntakeAudit audit;
	private final TransactionTemplate together;

	AuditedReceivedMessages(ReceivedMessages journal, FeedIntakeAudit audit, PlatformTransactionManager transactions) {
		this.journal = journal;
		this.audit = audit;
		this.together = new TransactionTemplate(transactions);
	}

	@Override
	public void processed(long id, byte[] ack) {
		answered(() -> journal.processed(id, ack), id);
	}

	@Override
	public void failed(long id, Status status, String ackCode, String error, byte[] ack) {
		if (status == Status.PENDING) {
			journal.failed(id, status, ackCode, error, ack); // kept for a retry: answered when applied or refused
			return;
		}
		answered(() -> journal.failed(id, status, ackCode, error, ack), id);
	}

	private void answered(Runnable record, long id) {
		try {
			together.executeWithoutResult(tx -> {
				record.run();
				audit.answered(id);
			});
		} catch (TransactionException e) {
			if (HapiTransactionSink.isDatabaseUnavailable(e)) {
				throw new StorageUnavailableException("database unavailable", e);
			}
			throw e;
		}
	}

	@Override
	public Kept keep(Incoming message) {
		return journal.keep(message);
	}

	@Override
	public boolean claim(long id) {
		return journal.claim(id);
	}

	@Override
	public void renew(Collection<Long> ids) {
		journal.renew(ids);
	}

	@Override
	public List<Entry> abandoned(int limit) {
		return journal.abandoned(limit);
	}

	@Override
	public Optional<Entry> find(long id) {
		return journal.find(id);
	}

	@Override
	public Optional<byte[]> raw(long id) {
		return journal.raw(id);
	}

	@Override
	public Optional<byte[]> ack(long id) {
		return journal.ack(id);
	}

	@Override
	public List<Entry> list(Status status, int limit) {
		return journal.list(status, limit);
	}
}
