package org.countyhub.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.Statement;

/**
 * One real PostgreSQL server per test JVM, from the embedded binaries on Maven Central (no Docker, no running
 * server expected). Each caller gets its own database on it.
 */
public final class TestPostgres {

	private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;

	private TestPostgres() {}

	public static synchronized String newDatabaseUrl(String name) {
		try {
			if (server == null) {
				server = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
						.setServerConfig("max_connections", "200")
						.setServerConfig("fsync", "off")
						.start();
				Runtime.getRuntime().addShutdownHook(new Thread(() -> {
					try {
						server.close();
					} catch (IOException ignored) {
						// the JVM is going away
					}
				}));
			}
			try (Connection c = server.getPostgresDatabase().getConnection();
					Statement s = c.createStatement()) {
				s.execute("CREATE DATABASE " + name);
			}
			return server.getJdbcUrl("postgres", name);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		} catch (java.sql.SQLException e) {
			throw new IllegalStateException("could not create database " + name, e);
		}
	}
}
