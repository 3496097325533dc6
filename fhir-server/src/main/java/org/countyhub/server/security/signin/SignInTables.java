package org.countyhub.server.security.signin;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Creates, when missing, the tables of the embedded authorization server in the hub's database: Spring
 * Authorization Server's own (registered clients, authorizations, consents; its published schema, with
 * {@code blob} columns as {@code text} on PostgreSQL as that schema's note says), the signing key, and the users.
 *
 * <p>The token columns are character columns on every database ({@code text}; on H2 a long {@code varchar}, not
 * {@code blob}): {@code JdbcOAuth2AuthorizationService} keeps the column types it reads at construction in a
 * static map, so with H2 {@code blob} and PostgreSQL {@code text} in one JVM (the test suite) the last one built
 * decided how the other bound its parameters, and a PostgreSQL code exchange failed with "text = bytea".
 */
final class SignInTables {

	private SignInTables() {}

	static void create(DataSource dataSource) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		String lob = isPostgres(dataSource) ? "text" : "varchar(1000000)";
		jdbc.execute("""
				CREATE TABLE IF NOT EXISTS oauth2_registered_client (
				    id varchar(100) NOT NULL,
				    client_id varchar(100) NOT NULL,
				    client_id_issued_at timestamp DEFAULT CURRENT_TIMESTAMP NOT NULL,
				    client_secret varchar(200) DEFAULT NULL,
				    client_secret_expires_at timestamp DEFAULT NULL,
				    client_name varchar(200) NOT NULL,
				    client_authentication_methods varchar(1000) NOT NULL,
				    authorization_grant_types varchar(1000) NOT NULL,
				    redirect_uris varchar(1000) DEFAULT NULL,
				    post_logout_redirect_uris varchar(1000) DEFAULT NULL,
				    scopes varchar(1000) NOT NULL,
				    client_settings varchar(2000) NOT NULL,
				    token_settings varchar(2000) NOT NULL,
				    PRIMARY KEY (id))""");
		jdbc.execute("""
				CREATE TABLE IF NOT EXISTS oauth2_authorization_consent (
				    registered_client_id varchar(100) NOT NULL,
				    principal_name varchar(200) NOT NULL,
				    authorities varchar(1000) NOT NULL,
				    PRIMARY KEY (registered_client_id, principal_name))""");
		StringBuilder authorization = new StringBuilder("""
				CREATE TABLE IF NOT EXISTS oauth2_authorization (
				    id varchar(100) NOT NULL,
				    registered_client_id varchar(100) NOT NULL,
				    principal_name varchar(200) NOT NULL,
				    authorization_grant_type varchar(100) NOT NULL,
				    authorized_scopes varchar(1000) DEFAULT NULL,
				    attributes LOB DEFAULT NULL,
				    state varchar(500) DEFAULT NULL,
				""");
		for (String token : new String[] {"authorization_code", "access_token", "oidc_id_token", "refresh_token",
				"user_code", "device_code"}) {
			authorization.append("    ").append(token).append("_value LOB DEFAULT NULL,\n")
					.append("    ").append(token).append("_issued_at timestamp DEFAULT NULL,\n")
					.append("    ").append(token).append("_expires_at timestamp DEFAULT NULL,\n")
					.append("    ").append(token).append("_metadata LOB DEFAULT NULL,\n");
			if (token.equals("access_token")) {
				authorization.append("    access_token_type varchar(100) DEFAULT NULL,\n")
						.append("    access_token_scopes varchar(1000) DEFAULT NULL,\n");
			}
		}
		authorization.append("    PRIMARY KEY (id))");
		jdbc.execute(authorization.toString().replace("LOB", lob));
		jdbc.execute("""
				CREATE TABLE IF NOT EXISTS hub_signing_key (
				    kid varchar(100) NOT NULL,
				    jwk varchar(8000) NOT NULL,
				    created_at timestamp DEFAULT CURRENT_TIMESTAMP NOT NULL,
				    PRIMARY KEY (kid))""");
		jdbc.execute("""
				CREATE TABLE IF NOT EXISTS hub_user (
				    username varchar(100) NOT NULL,
				    password_hash varchar(200) NOT NULL,
				    units varchar(1000) NOT NULL,
				    roles varchar(1000) NOT NULL,
				    fhir_user varchar(200) DEFAULT NULL,
				    demo boolean DEFAULT false NOT NULL,
				    PRIMARY KEY (username))""");
	}

	private static boolean isPostgres(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			return connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
		} catch (SQLException e) {
			throw new IllegalStateException("cannot reach the database to create the sign-in tables", e);
		}
	}
}
