package org.countyhub.server.support;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of tests that need the hub on real PostgreSQL. All subclasses share one Spring context and one database.
 */
public abstract class PostgresHubServerTest extends HubServerTest {

	private static String jdbcUrl;

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", PostgresHubServerTest::url);
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "postgres");
	}

	private static synchronized String url() {
		if (jdbcUrl == null) {
			jdbcUrl = TestPostgres.newDatabaseUrl("hub_rest");
		}
		return jdbcUrl;
	}
}
