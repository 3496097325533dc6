package org.countyhub.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.countyhub.server.rest.CancelledStatements;
import org.countyhub.server.support.TestPostgres;
import org.junit.jupiter.api.Test;

/**
 * Issue 20, finding 2: a search ({@code _sort=name} repeated 200 times) kept running for more than 3 minutes after
 * its client had gone. With {@code hub.request-limits.statement-timeout} every connection of the hub's pool is
 * made with a session timeout, so the database itself cancels such a statement, on H2 and on PostgreSQL, and
 * the FHIR answer is 503 with HUB-1026. Real databases, the pool as the hub configures it, no Spring context.
 */
class StatementTimeoutsTest {

	private static final Duration LIMIT = Duration.ofMillis(500);

	@Test
	void h2CancelsALongStatementAtTheLimitAndTheAnswerIs503WithAHubCode() throws SQLException {
		try (HikariDataSource pool = pool("jdbc:h2:mem:statement-timeouts;DB_CLOSE_DELAY=-1", "sa", "")) {
			// billions of rows: minutes of work without the limit
			assertCancelledWithinSeconds(pool,
					"SELECT COUNT(*) FROM SYSTEM_RANGE(1, 5000000000) a WHERE MOD(a.X * 7, 13) = 5");
		}
	}

	@Test
	void postgresCancelsALongStatementAtTheLimitAndTheAnswerIs503WithAHubCode() throws SQLException {
		try (HikariDataSource pool = pool(TestPostgres.newDatabaseUrl("statement_timeouts"), "postgres", "postgres")) {
			assertCancelledWithinSeconds(pool, "SELECT pg_sleep(120)");
		}
	}

	@Test
	void zeroSetsNothingAndBadSettingsStopTheStartNamingTheKey() {
		HikariDataSource untouched = new HikariDataSource();
		untouched.setJdbcUrl("jdbc:h2:mem:untouched");
		new StatementTimeouts(Duration.ZERO).postProcessAfterInitialization(untouched, "dataSource");
		assertThat(untouched.getConnectionInitSql()).isNull();

		assertThatThrownBy(() -> new StatementTimeouts(Duration.ofSeconds(-1)))
				.hasMessageContaining("hub.request-limits.statement-timeout");
		HikariDataSource own = new HikariDataSource();
		own.setJdbcUrl("jdbc:postgresql://localhost/hub");
		own.setConnectionInitSql("SET search_path = hub");
		assertThatThrownBy(() -> new StatementTimeouts(LIMIT).postProcessAfterInitialization(own, "dataSource"))
				.hasMessageContaining("hub.request-limits.statement-timeout").hasMessageContaining("connection-init-sql");
		assertThatThrownBy(() -> StatementTimeouts.sessionSetting("jdbc:mysql://db/hub", LIMIT))
				.hasMessageContaining("hub.request-limits.statement-timeout");
	}

	private static HikariDataSource pool(String url, String user, String password) {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(url);
		pool.setUsername(user);
		pool.setPassword(password);
		pool.setMaximumPoolSize(2);
		new StatementTimeouts(LIMIT).postProcessAfterInitialization(pool, "dataSource");
		return pool;
	}

	private static void assertCancelledWithinSeconds(HikariDataSource pool, String sql) throws SQLException {
		Instant started = Instant.now();
		SQLException cancelled = null;
		try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
			statement.executeQuery(sql).close();
		} catch (SQLException e) {
			cancelled = e;
		}
		assertThat((Throwable) cancelled).as("the statement was cancelled").isNotNull();
		assertThat(cancelled.getSQLState()).isEqualTo("57014");
		assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(20));
		// wrapped the way HAPI's search threads hand it on
		BaseServerResponseException answer = new CancelledStatements()
				.answer(new IllegalStateException("search failed", new RuntimeException(cancelled)));
		assertThat(answer.getStatusCode()).isEqualTo(503);
		assertThat(answer.getMessage()).startsWith("HUB-1026: ");
		assertThat(new CancelledStatements().answer(new IllegalStateException("something else"))).isNull();
		// the pool's connection is usable again
		try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
			assertThat(statement.executeQuery("SELECT 1").next()).isTrue();
		}
	}
}
