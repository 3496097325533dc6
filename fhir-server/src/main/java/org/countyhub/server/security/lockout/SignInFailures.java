package org.countyhub.server.security.lockout;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Failed sign-ins, one row each, in the hub's database (table {@code hub_sign_in_failure}): every instance on the
 * database counts the same failures, and a restart forgets none. Rows older than the window no longer count and
 * are removed as new ones arrive, so the table holds at most one window of attempts.
 */
public class SignInFailures {

	private final JdbcTemplate jdbc;
	private final LockoutProperties lockout;
	private final Clock clock;

	public SignInFailures(JdbcTemplate jdbc, LockoutProperties lockout, Clock clock) {
		this.jdbc = jdbc;
		this.lockout = lockout;
		this.clock = clock;
	}

	void createTable() {
		jdbc.execute("""
				CREATE TABLE IF NOT EXISTS hub_sign_in_failure (
				    username varchar(100) NOT NULL,
				    failed_at timestamp NOT NULL)""");
		jdbc.execute("CREATE INDEX IF NOT EXISTS hub_sign_in_failure_user ON hub_sign_in_failure (username, failed_at)");
	}

	/** Records one failure; returns how many count now for this user. */
	int record(String username) {
		Instant now = clock.instant();
		jdbc.update("DELETE FROM hub_sign_in_failure WHERE failed_at < ?", Timestamp.from(windowStart(now)));
		jdbc.update("INSERT INTO hub_sign_in_failure (username, failed_at) VALUES (?, ?)", key(username),
				Timestamp.from(now));
		return count(username, now);
	}

	/** Records a failed step of a sign-in (a wrong second-factor code); true when the account is locked now. */
	public boolean refused(String username) {
		return record(username) >= lockout.maxFailures();
	}

	public boolean locked(String username) {
		return count(username, clock.instant()) >= lockout.maxFailures();
	}

	/** Forgets a user's failures (a successful sign-in, or the security admin's unlock); returns how many. */
	public int clear(String username) {
		return jdbc.update("DELETE FROM hub_sign_in_failure WHERE username = ?", key(username));
	}

	/** The users locked now, by name. */
	public List<String> lockedUsers() {
		return jdbc.queryForList("SELECT username FROM hub_sign_in_failure WHERE failed_at >= ?"
				+ " GROUP BY username HAVING COUNT(*) >= ? ORDER BY username", String.class,
				Timestamp.from(windowStart(clock.instant())), lockout.maxFailures());
	}

	private int count(String username, Instant now) {
		Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM hub_sign_in_failure WHERE username = ?"
				+ " AND failed_at >= ?", Integer.class, key(username), Timestamp.from(windowStart(now)));
		return count == null ? 0 : count;
	}

	private Instant windowStart(Instant now) {
		return now.minus(lockout.window());
	}

	/** Names as typed, cut to the column (an attacker's long name must not fail the insert). */
	private static String key(String username) {
		String name = username == null ? "" : username;
		return name.length() > 100 ? name.substring(0, 100) : name;
	}
}
