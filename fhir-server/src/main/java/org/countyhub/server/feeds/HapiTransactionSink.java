package org.countyhub.server.feeds;

import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import org.countyhub.feeds.intake.FhirTransactionSink;
import org.countyhub.feeds.intake.StorageUnavailableException;
import org.countyhub.server.validation.FeedWrites;
import org.countyhub.server.validation.ProfileEnforcement;
import org.countyhub.server.validation.TerminologyNotSettledException;
import org.hibernate.exception.JDBCConnectionException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Meta;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Delivers a feed's transaction into HAPI's JPA store in-process (same rules and interceptors as REST writes).
 * Entries that update a stored record from an HL7 v2 message are merged into it first, in the same database
 * transaction ({@link FeedUpdateMerging}).
 * A database that cannot be reached is told apart from a rejected transaction, so the message waits instead of
 * failing.
 */
final class HapiTransactionSink implements FhirTransactionSink {

	private final IFhirSystemDao<Bundle, Meta> systemDao;
	private final ProfileEnforcement guide;

	HapiTransactionSink(IFhirSystemDao<Bundle, Meta> systemDao, ProfileEnforcement guide) {
		this.systemDao = systemDao;
		this.guide = guide;
	}

	@Override
	public Bundle transact(Bundle transaction) {
		try {
			FeedUpdateMerging.carry(transaction);
			Bundle response = FeedWrites.write(() -> systemDao.transaction(new SystemRequestDetails(), transaction));
			guide.feedTransactionCommitted(response);
			return response;
		} catch (RuntimeException e) {
			if (isDatabaseUnavailable(e)) {
				throw new StorageUnavailableException("database unavailable", e);
			}
			if (isTerminologyNotSettled(e)) {
				// not judged yet (HUB-1301): kept and retried like a message that met an unavailable database
				throw new StorageUnavailableException("terminology change being stored", e);
			}
			throw e;
		}
	}

	static boolean isTerminologyNotSettled(Throwable e) {
		for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof TerminologyNotSettledException) {
				return true;
			}
		}
		return false;
	}

	static boolean isDatabaseUnavailable(Throwable e) {
		for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof CannotCreateTransactionException
					|| t instanceof DataAccessResourceFailureException
					|| t instanceof TransientDataAccessException
					|| t instanceof JDBCConnectionException
					|| t instanceof SQLTransientException
					|| t instanceof java.sql.SQLNonTransientConnectionException
					|| t instanceof java.net.ConnectException) {
				return true;
			}
			// a rollback that failed on the lost connection hides the failure that made it roll back
			if (t instanceof org.springframework.transaction.TransactionSystemException rollback
					&& rollback.getOriginalException() != null && isDatabaseUnavailable(rollback.getOriginalException())) {
				return true;
			}
			// 08 connection exception, 57P operator intervention (server shutting down), 53 insufficient resources
			if (t instanceof SQLException sql && sql.getSQLState() != null
					&& (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P")
							|| sql.getSQLState().startsWith("53"))) {
				return true;
			}
		}
		return false;
	}
}
