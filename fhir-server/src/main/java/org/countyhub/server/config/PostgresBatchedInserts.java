package org.countyhub.server.config;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * On PostgreSQL, lets the JDBC driver send each of Hibernate's insert batches as multi-row INSERTs
 * ({@code reWriteBatchedInserts}): a lab message is ~250 index, link and version rows, which otherwise reach the
 * server one statement each. Measured with the end-to-end benchmark (JIT done, 4 senders, feed without checks):
 * 391 → 251 statements per message, PostgreSQL execution 9.3 → 8.4 ms, the hub's and the server's CPU per message
 * 33.6 → 31.4 ms. Nothing else changes: Hibernate accepts the driver's "succeeded, count unknown" for batched rows.
 * A value an operator gives in {@code spring.datasource.hikari.data-source-properties} wins; H2 gets nothing (its
 * driver rejects settings it does not know).
 */
final class PostgresBatchedInserts implements BeanPostProcessor {

	static final String PROPERTY = "reWriteBatchedInserts";

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null
				&& pool.getJdbcUrl().startsWith("jdbc:postgresql:")
				&& !pool.getDataSourceProperties().containsKey(PROPERTY)) {
			pool.addDataSourceProperty(PROPERTY, "true");
		}
		return bean;
	}
}
