package org.countyhub.server.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Which failures of a feed transaction mean "the database is down" (the message is kept and retried, the sender
 * gets AE HUB-2006) rather than "the store rejected it" (FAILED, HUB-2005). The failures are built as Spring and
 * the PostgreSQL driver raise them when the server drops the connection.
 */
class DatabaseUnavailableTest {

	private static final SQLException CONNECTION_LOST =
			new SQLException("An I/O error occurred while sending to the backend.", "08006");

	@Test
	void aLostConnectionAnywhereInTheCausesIsTheDatabaseBeingDown() {
		assertThat(HapiTransactionSink.isDatabaseUnavailable(
				new IllegalStateException("transaction failed", new RuntimeException(CONNECTION_LOST)))).isTrue();
	}

	@Test
	void aRollbackThatFailedOnTheLostConnectionIsJudgedByTheFailureItHides() {
		// the rollback's own error has no SQL state; the reason for the rollback is only kept as the original
		TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
				new SQLException("Connection is closed"));
		rollback.initApplicationException(new RuntimeException("SET LOCAL failed", CONNECTION_LOST));
		assertThat(HapiTransactionSink.isDatabaseUnavailable(rollback)).isTrue();
	}

	@Test
	void aRollbackAfterARejectedWriteIsStillARejection() {
		TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
				new SQLException("Connection is closed"));
		rollback.initApplicationException(new DataIntegrityViolationException("duplicate key",
				new SQLException("duplicate key value violates unique constraint", "23505")));
		assertThat(HapiTransactionSink.isDatabaseUnavailable(rollback)).isFalse();
		assertThat(HapiTransactionSink.isDatabaseUnavailable(new DataIntegrityViolationException("duplicate key")))
				.isFalse();
	}
}
