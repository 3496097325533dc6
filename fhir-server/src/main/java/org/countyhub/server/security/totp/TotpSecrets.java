package org.countyhub.server.security.totp;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Each user's TOTP secret in the hub's database (table {@code hub_user_totp}), with the last time step a code was
 * accepted for, so a code once used is refused if typed again (RFC 6238 section 5.2). Secrets are stored as the
 * authenticator app holds them: like the signing key, protect the database.
 */
public class TotpSecrets {

	private static final int SECRET_BYTES = 20;

	private final JdbcTemplate jdbc;
	private final Clock clock;
	private final SecureRandom random = new SecureRandom();

	/** @param clock the wall clock the users' phones follow (not a domain clock that tests may move) */
	public TotpSecrets(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	void createTable() {
		jdbc.execute("""
				CREATE TABLE IF NOT EXISTS hub_user_totp (
				    username varchar(100) NOT NULL,
				    secret varchar(100) NOT NULL,
				    last_step bigint DEFAULT -1 NOT NULL,
				    PRIMARY KEY (username))""");
	}

	/** Gives the user a new secret (replacing any earlier one) and returns it, Base32. */
	public String enrol(String username) {
		byte[] bytes = new byte[SECRET_BYTES];
		random.nextBytes(bytes);
		String secret = Totp.encode(bytes);
		save(username, secret);
		return secret;
	}

	/** Stores a given secret (the demo county's admins share one from the demo file). */
	public void save(String username, String secret) {
		Totp.decode(secret);
		int updated = jdbc.update("UPDATE hub_user_totp SET secret = ?, last_step = -1 WHERE username = ?", secret,
				username);
		if (updated == 0) {
			jdbc.update("INSERT INTO hub_user_totp (username, secret) VALUES (?, ?)", username, secret);
		}
	}

	public boolean enrolled(String username) {
		return secret(username).isPresent();
	}

	/**
	 * True when the code is the user's for now (± one step) and newer than the last accepted one; that step is
	 * then used up, on every instance sharing the database.
	 */
	public boolean accept(String username, String code) {
		Optional<String> secret = secret(username);
		if (secret.isEmpty()) {
			return false;
		}
		long step = Totp.matchingStep(secret.get(), code, Totp.step(clock.instant()));
		return step >= 0 && jdbc.update("UPDATE hub_user_totp SET last_step = ? WHERE username = ? AND last_step < ?",
				step, username, step) == 1;
	}

	void remove(String username) {
		jdbc.update("DELETE FROM hub_user_totp WHERE username = ?", username);
	}

	private Optional<String> secret(String username) {
		return jdbc.queryForList("SELECT secret FROM hub_user_totp WHERE username = ?", String.class, username)
				.stream().findFirst();
	}
}
