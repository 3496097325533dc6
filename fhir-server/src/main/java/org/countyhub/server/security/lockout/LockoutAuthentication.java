package org.countyhub.server.security.lockout;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The login page's password check with a lockout: every failure is counted in the database, and an account with
 * too many recent failures is refused even with the right password. The password is checked in either case and
 * every refusal is the same "bad credentials", so neither the answer nor its time tells a locked account, a wrong
 * password or an unknown user apart. The login page's only authentication manager: no other (global) one is asked
 * after it refuses.
 */
public class LockoutAuthentication implements AuthenticationManager {

	static final String REFUSAL = "Bad credentials";

	private static final Logger log = LoggerFactory.getLogger(LockoutAuthentication.class);

	private final DaoAuthenticationProvider passwords;
	private final SignInFailures failures;
	private final LockoutProperties lockout;
	private final AuthenticationEventPublisher events;

	/** @param events where each outcome is announced (the access records record sign-ins, docs/access.md) */
	public LockoutAuthentication(UserDetailsService users, PasswordEncoder encoder, SignInFailures failures,
			LockoutProperties lockout, AuthenticationEventPublisher events) {
		this.events = events;
		this.passwords = new DaoAuthenticationProvider(encoder);
		this.passwords.setUserDetailsService(users);
		this.failures = failures;
		this.lockout = lockout;
	}

	@Override
	public Authentication authenticate(Authentication attempt) {
		String username = attempt.getName();
		boolean locked = failures.locked(username);
		Authentication result;
		try {
			result = passwords.authenticate(attempt);
		} catch (AuthenticationException e) {
			refused(username, locked);
			throw announced(new BadCredentialsException(REFUSAL), attempt);
		}
		if (locked) {
			refused(username, true);
			throw announced(new BadCredentialsException(REFUSAL), attempt);
		}
		failures.clear(username);
		events.publishAuthenticationSuccess(result);
		return result;
	}

	private AuthenticationException announced(AuthenticationException refusal, Authentication attempt) {
		events.publishAuthenticationFailure(refusal, attempt);
		return refusal;
	}

	private void refused(String username, boolean wasLocked) {
		int count = failures.record(username);
		if (!wasLocked && count >= lockout.maxFailures()) {
			// a user name is no patient data; the security admin needs it to unlock
			log.warn("Sign-in locked for user '{}' after {} failures within {}", username.replaceAll("\\p{Cntrl}", "?"),
					count, lockout.window());
		}
	}
}
