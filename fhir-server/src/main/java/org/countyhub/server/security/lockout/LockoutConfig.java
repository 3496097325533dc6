package org.countyhub.server.security.lockout;

import java.time.Clock;
import org.countyhub.server.security.signin.HubUsers;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The lockout of the embedded authorization server's login (off with an external issuer, which has its own). */
@Configuration
@OnEmbeddedSignIn
@EnableConfigurationProperties(LockoutProperties.class)
public class LockoutConfig {

	@Bean
	SignInFailures signInFailures(JdbcTemplate signInJdbc, LockoutProperties lockout, Clock clock) {
		SignInFailures failures = new SignInFailures(signInJdbc, lockout, clock);
		failures.createTable();
		return failures;
	}

	@Bean
	LockoutAuthentication lockoutAuthentication(HubUsers users, PasswordEncoder passwordEncoder,
			SignInFailures failures, LockoutProperties lockout, AuthenticationEventPublisher events) {
		return new LockoutAuthentication(users, passwordEncoder, failures, lockout, events);
	}
}
