package org.countyhub.server.console.signin;

import static org.springframework.security.web.util.matcher.AntPathRequestMatcher.antMatcher;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.countyhub.server.console.ConsoleProperties;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.countyhub.server.security.token.HubCaller;
import org.countyhub.server.security.token.Roles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenValidator;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * The console's own filter chain for {@code /}, {@code /console/**} and its sign-in callback: a session cookie
 * (idle timeout {@code server.servlet.session.timeout}, 30 minutes), CSRF on every state-changing request, sign-in
 * by {@code oauth2Login} against the hub's own authorization server (authorization code + PKCE). The signed-in
 * console keeps its security context under a key of its own, so the authorization server's sign-in in the same
 * session stays as it is; 退出 ends the session and so both. People with no role are refused.
 */
@OnEmbeddedSignIn
@Configuration
@EnableConfigurationProperties(ConsoleProperties.class)
public class ConsoleSignInConfig {

	private static final Logger log = LoggerFactory.getLogger(ConsoleSignInConfig.class);

	/** Session attribute of the console's security context. */
	static final String CONTEXT_KEY = "COUNTY_HUB_CONSOLE_SECURITY_CONTEXT";
	/** Session attribute of the page the console was asked for before signing in. */
	static final String SAVED_REQUEST_KEY = "COUNTY_HUB_CONSOLE_SAVED_REQUEST";
	static final String SIGN_IN_START = "/oauth2/authorization/" + ConsoleClient.REGISTRATION_ID;

	@Bean
	ConsoleClient consoleClient(ConsoleProperties properties, RegisteredClientRepository registeredClients) {
		return new ConsoleClient(properties, registeredClients);
	}

	/** The signed-in person's tokens live in their session (several hub instances need sticky sessions). */
	@Bean
	OAuth2AuthorizedClientRepository consoleAuthorizedClients() {
		return new HttpSessionOAuth2AuthorizedClientRepository();
	}

	/** ID tokens are checked against the hub's own signing keys, never fetched over HTTP. */
	@Bean
	JwtDecoderFactory<ClientRegistration> consoleIdTokenDecoders(JWKSource<SecurityContext> signingKeys) {
		Map<String, JwtDecoder> decoders = new ConcurrentHashMap<>();
		return registration -> decoders.computeIfAbsent(registration.getRegistrationId(), id -> {
			NimbusJwtDecoder decoder = (NimbusJwtDecoder) OAuth2AuthorizationServerConfiguration.jwtDecoder(signingKeys);
			decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
					new JwtTimestampValidator(), new OidcIdTokenValidator(registration)));
			return decoder;
		});
	}

	@Bean
	@Order(0)
	SecurityFilterChain consoleChain(HttpSecurity http, ConsoleClient client) throws Exception {
		HttpSessionSecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
		contexts.setSpringSecurityContextKey(CONTEXT_KEY);
		DefaultOAuth2AuthorizationRequestResolver requests =
				new DefaultOAuth2AuthorizationRequestResolver(client, "/oauth2/authorization");
		requests.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
		LoginUrlAuthenticationEntryPoint signIn = new LoginUrlAuthenticationEntryPoint(SIGN_IN_START);
		// A saved request of its own: the authorization server's saved /oauth2/authorize is answered by its endpoint
		// and never removed, so a shared one would send the signed-in console back there for a second code
		HttpSessionRequestCache savedRequests = new HttpSessionRequestCache();
		savedRequests.setSessionAttrName(SAVED_REQUEST_KEY);
		http.securityMatcher(new OrRequestMatcher(antMatcher("/"), antMatcher("/console"), antMatcher("/console/**"),
						antMatcher("/webjars/**"), antMatcher("/oauth2/authorization/**"),
						antMatcher("/login/oauth2/code/**")))
				.securityContext(context -> context.securityContextRepository(contexts))
				.requestCache(cache -> cache.requestCache(savedRequests))
				.authorizeHttpRequests(rules -> rules
						.requestMatchers(antMatcher("/console/assets/**"), antMatcher("/webjars/**"),
								antMatcher("/console/signed-out"))
						.permitAll()
						.anyRequest().hasAnyRole(Roles.ALL.toArray(String[]::new)))
				.oauth2Login(login -> login
						.clientRegistrationRepository(client)
						.loginPage(SIGN_IN_START)
						.authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(requests))
						.userInfoEndpoint(userInfo -> userInfo.userAuthoritiesMapper(roleAuthorities()))
						.defaultSuccessUrl("/console", false)
						// not back to the sign-in start: a failing sign-in must not loop
						.failureHandler((request, response, failure) -> {
							log.warn("Console: a sign-in failed: {}", reason(failure));
							response.sendRedirect(request.getContextPath() + "/console/signed-out?error");
						}))
				.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint((request, response, e) -> {
					if (request.getHeader("HX-Request") != null) {
						// an htmx fragment request after the session ended: the whole page signs in again
						response.setHeader("HX-Redirect", request.getContextPath() + "/console");
						response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
					} else {
						signIn.commence(request, response, e);
					}
				}))
				.logout(logout -> logout.logoutUrl("/console/logout").logoutSuccessUrl("/console/signed-out"))
				// a report's PDF (an ECG tracing) is shown inside its detail page: framed by the console itself only
				.headers(headers -> headers.frameOptions(frames -> frames.sameOrigin()));
		return http.build();
	}

	/** The OAuth error code and description (they name no person), for the operator's log. */
	static String reason(AuthenticationException failure) {
		if (failure instanceof OAuth2AuthenticationException oauth) {
			return oauth.getError().getErrorCode() + " " + oauth.getError().getDescription();
		}
		return failure.getClass().getSimpleName();
	}

	/** The roles claim of the ID token as Spring authorities ({@code ROLE_clinician}), unknown names ignored. */
	static GrantedAuthoritiesMapper roleAuthorities() {
		return authorities -> {
			Set<GrantedAuthority> mapped = new HashSet<>(authorities);
			for (GrantedAuthority authority : authorities) {
				if (authority instanceof OidcUserAuthority oidc) {
					Object roles = oidc.getIdToken().getClaims().get(HubCaller.ROLES_CLAIM);
					if (roles instanceof Collection<?> names) {
						names.stream().map(String::valueOf).filter(Roles.ALL::contains)
								.forEach(role -> mapped.add(new SimpleGrantedAuthority(Roles.authority(role))));
					}
				}
			}
			return List.copyOf(mapped);
		};
	}
}
