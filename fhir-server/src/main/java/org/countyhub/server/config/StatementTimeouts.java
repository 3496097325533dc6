package org.countyhub.server.config;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Gives every connection of the pool a statement timeout ({@code hub.request-limits.statement-timeout}): the
 * database cancels any statement that runs longer, so a search nobody waits for any more ({@code _sort} repeated
 * 200 times ran on for minutes after its client had gone; issue 20, finding 2) gives its connection back. Set as
 * the session's own setting when the connection is made ({@code statement_timeout} on PostgreSQL,
 * {@code QUERY_TIMEOUT} on H2), so it covers HAPI's search threads as well as request threads. Zero (the default)
 * sets nothing. The pool is shared with schema updates at start and HAPI's batch jobs ($reindex, bulk export):
 * choose a limit above their longest statement (docs/security.md).
 */
final class StatementTimeouts implements BeanPostProcessor {

	private final Duration timeout;

	StatementTimeouts(Duration timeout) {
		if (timeout.isNegative()) {
			throw new IllegalArgumentException("hub.request-limits.statement-timeout must not be negative, was " + timeout);
		}
		this.timeout = timeout;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource pool && !timeout.isZero()) {
			String set = sessionSetting(pool.getJdbcUrl(), timeout);
			if (pool.getConnectionInitSql() != null && !pool.getConnectionInitSql().isBlank()) {
				throw new IllegalStateException("hub.request-limits.statement-timeout: spring.datasource.hikari."
						+ "connection-init-sql is set as well; set the timeout in that SQL and leave this key at 0");
			}
			pool.setConnectionInitSql(set);
		}
		return bean;
	}

	/** The statement that sets the timeout for one session of this database. */
	static String sessionSetting(String jdbcUrl, Duration timeout) {
		long millis = Math.max(1, timeout.toMillis());
		if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:")) {
			return "SET statement_timeout = " + millis;
		}
		if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:h2:")) {
			return "SET QUERY_TIMEOUT " + millis;
		}
		throw new IllegalStateException("hub.request-limits.statement-timeout: no session setting known for "
				+ (jdbcUrl == null ? "this database" : jdbcUrl.split(";")[0]) + "; leave it at 0");
	}
}
