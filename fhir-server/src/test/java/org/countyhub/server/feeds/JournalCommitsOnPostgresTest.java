package org.countyhub.server.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import org.countyhub.feeds.intake.ReceivedMessages;
import org.countyhub.server.support.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The journal's routine commits on real PostgreSQL: a new message's entry and its "processed" mark do not wait for
 * the disk, and that setting stays inside the journal's own transactions — the connection goes back to the pool
 * committing synchronously, so the FHIR transactions that follow on it still wait (JdbcReceivedMessages explains
 * why the acknowledgments stay safe).
 */
class JournalCommitsOnPostgresTest {

	/** One connection: whatever a journal write leaves on it, the next user of the pool gets. */
	private static HikariDataSource pool;
	private static JdbcReceivedMessages journal;
	private static JdbcTemplate jdbc;

	@BeforeAll
	static void journalOnPostgres() {
		pool = new HikariDataSource();
		pool.setJdbcUrl(TestPostgres.newDatabaseUrl("journal_commits"));
		pool.setUsername("postgres");
		pool.setPassword("postgres");
		pool.setMaximumPoolSize(1);
		// the embedded server's own default is off; a production server's is on, which is what the journal faces
		pool.setConnectionInitSql("SET synchronous_commit TO on");
		journal = new JdbcReceivedMessages(pool);
		journal.createTable();
		jdbc = new JdbcTemplate(pool);
	}

	@AfterAll
	static void close() {
		pool.close();
	}

	@Test
	void aNewEntryAndItsProcessedMarkCommitWithoutWaitingAndTheConnectionReturnsWaiting() {
		assertThat(journal.committedLazily(() -> synchronousCommit())).isEqualTo("off");
		assertThat(synchronousCommit()).isEqualTo("on");

		long id = journal.keep(incoming("JC-1"));
		assertThat(synchronousCommit()).isEqualTo("on");
		assertThat(journal.find(id).orElseThrow().status()).isEqualTo(ReceivedMessages.Status.RECEIVED);

		journal.processed(id);
		assertThat(synchronousCommit()).isEqualTo("on");
		ReceivedMessages.Entry entry = journal.find(id).orElseThrow();
		assertThat(entry.status()).isEqualTo(ReceivedMessages.Status.PROCESSED);
		assertThat(entry.ackCode()).isEqualTo("AA");
		assertThat(journal.raw(id).orElseThrow()).isEqualTo(incoming("JC-1").raw());
	}

	@Test
	void aRedeliveryRefreshesTheSameEntry() {
		long first = journal.keep(incoming("JC-2"));
		journal.failed(first, ReceivedMessages.Status.FAILED, "AE", "HUB-2005 test");
		long again = journal.keep(incoming("JC-2"));
		assertThat(again).isEqualTo(first);
		ReceivedMessages.Entry entry = journal.find(again).orElseThrow();
		assertThat(entry.status()).isEqualTo(ReceivedMessages.Status.RECEIVED);
		assertThat(entry.attempts()).isEqualTo(2);
		assertThat(entry.error()).isNull();
	}

	@Test
	void insideACallersTransactionTheJournalJoinsItAndLeavesItsCommitAlone() {
		TransactionTemplate callers = new TransactionTemplate(new DataSourceTransactionManager(pool));
		long id = callers.execute(status -> {
			long kept = journal.keep(incoming("JC-3"));
			assertThat(synchronousCommit()).isEqualTo("on");
			status.setRollbackOnly();
			return kept;
		});
		// rolled back with the caller's transaction: the write was part of it, not committed on its own
		assertThat(journal.find(id)).isEmpty();
	}

	private static String synchronousCommit() {
		return jdbc.queryForObject("SHOW synchronous_commit", String.class);
	}

	private static ReceivedMessages.Incoming incoming(String controlId) {
		String text = "MSH|^~\\&|LIS|XRMYY|HUB|COUNTY|20261122103000||ORU^R01|" + controlId + "|P|2.5.1\r";
		return new ReceivedMessages.Incoming("XRMYY", controlId, "ORU^R01", text.getBytes(StandardCharsets.UTF_8));
	}
}
