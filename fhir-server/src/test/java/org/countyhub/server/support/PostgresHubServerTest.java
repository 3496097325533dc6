package org.countyhub.server.support;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of tests that need the hub on real PostgreSQL. All subclasses share one Spring context and one database.
 */
public abstract class PostgresHubServerTest extends HubServerTest {

	private static String jdbcUrl;
	private static String spoolDir;

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", PostgresHubServerTest::url);
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "postgres");
		// A spool of its own: the H2 context lives in the same test JVM, and its retry timer would otherwise take
		// (and store in H2) a message spooled while this context's database was down.
		registry.add("hub.mllp.spool-dir", PostgresHubServerTest::spoolDir);
	}

	private static synchronized String spoolDir() {
		if (spoolDir == null) {
			try {
				java.nio.file.Files.createDirectories(java.nio.file.Path.of("target"));
				spoolDir = java.nio.file.Files.createTempDirectory(java.nio.file.Path.of("target"), "hub-pg-spool-")
						.toAbsolutePath().toString();
			} catch (java.io.IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
		}
		return spoolDir;
	}

	private static synchronized String url() {
		if (jdbcUrl == null) {
			jdbcUrl = TestPostgres.newDatabaseUrl("hub_rest");
		}
		return jdbcUrl;
	}
}
