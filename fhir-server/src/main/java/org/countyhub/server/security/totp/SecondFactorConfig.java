package org.countyhub.server.security.totp;

import static org.springframework.security.web.util.matcher.AntPathRequestMatcher.antMatcher;

import java.time.Clock;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;

/**
 * The TOTP second factor of the embedded authorization server's admins: the secrets, the gate before the
 * authorization endpoint, and the page's own filter chain (a signed-in session with CSRF protection, unlike the
 * stateless API chain).
 */
@Configuration
@OnEmbeddedSignIn
public class SecondFactorConfig {

	@Bean
	TotpSecrets totpSecrets(JdbcTemplate signInJdbc) {
		TotpSecrets secrets = new TotpSecrets(signInJdbc, Clock.systemUTC());
		secrets.createTable();
		return secrets;
	}

	@Bean
	FilterRegistrationBean<SecondFactorGate> secondFactorGate() {
		FilterRegistrationBean<SecondFactorGate> registration = new FilterRegistrationBean<>(new SecondFactorGate());
		registration.addUrlPatterns("/oauth2/authorize");
		// before Spring Security's chain, where the authorization endpoint answers
		registration.setOrder(org.springframework.boot.autoconfigure.security.SecurityProperties.DEFAULT_FILTER_ORDER - 1);
		return registration;
	}

	@Bean
	@Order(2)
	SecurityFilterChain secondFactorChain(HttpSecurity http) throws Exception {
		http.securityMatcher(antMatcher(SecondFactorGate.PAGE))
				.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
				.exceptionHandling(exceptions -> exceptions
						.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login")));
		return http.build();
	}
}
