package org.countyhub.server.security.signin;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.countyhub.server.security.SecurityProperties;
import org.countyhub.server.security.lockout.LockoutAuthentication;
import org.countyhub.server.security.token.HubCaller;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.session.DisableEncodeUrlFilter;
import org.springframework.security.web.util.matcher.AntPathRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * The embedded authorization server (the default; off when {@code hub.security.issuer-uri} names an external
 * provider): Spring Authorization Server with its registered clients, authorizations, consents and signing key in
 * the hub's database, and the hub's users behind its login page. Tokens carry the caller's member units, roles and
 * fhirUser ({@link HubCaller}), the hub's audience and a lifetime of {@code hub.security.access-token-ttl}.
 */
@Configuration
@OnEmbeddedSignIn
public class AuthorizationServerConfig {

	/** Client settings of a client-credentials client: the units and roles its tokens carry (comma-separated). */
	public static final String CLIENT_UNITS = "settings.client.hub-units";
	public static final String CLIENT_ROLES = "settings.client.hub-roles";
	/** The web console's client (console.signin.ConsoleClient registers it): redirect URIs matched exactly. */
	public static final String CONSOLE_CLIENT_ID = "county-hub-console";
	/** Session attribute: the user name of the last failed sign-in, shown again on the login page. */
	public static final String LAST_USERNAME = "COUNTY_HUB_LAST_USERNAME";

	@Bean
	JdbcTemplate signInJdbc(DataSource dataSource) {
		SignInTables.create(dataSource);
		return new JdbcTemplate(dataSource);
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	HubUsers hubUsers(JdbcTemplate signInJdbc, PasswordEncoder passwordEncoder) {
		return new HubUsers(signInJdbc, passwordEncoder);
	}

	@Bean
	RegisteredClientRepository registeredClients(JdbcTemplate signInJdbc) {
		return new JdbcRegisteredClientRepository(signInJdbc);
	}

	@Bean
	OAuth2AuthorizationService authorizations(JdbcTemplate signInJdbc, RegisteredClientRepository clients) {
		return new JdbcOAuth2AuthorizationService(signInJdbc, clients);
	}

	@Bean
	OAuth2AuthorizationConsentService consents(JdbcTemplate signInJdbc, RegisteredClientRepository clients) {
		return new JdbcOAuth2AuthorizationConsentService(signInJdbc, clients);
	}

	@Bean
	JWKSource<SecurityContext> signingKeys(JdbcTemplate signInJdbc) {
		JWKSet keys = SigningKeys.loadOrCreate(signInJdbc);
		return new ImmutableJWKSet<>(keys);
	}

	/** No fixed issuer: each token names the hub as the request that asked for it addressed it. */
	@Bean
	AuthorizationServerSettings authorizationServerSettings() {
		return AuthorizationServerSettings.builder().build();
	}

	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> hubClaims(HubUsers users, SecurityProperties properties) {
		return context -> {
			boolean accessToken = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
			boolean idToken = OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
			if (!accessToken && !idToken) {
				return;
			}
			JwtClaimsSet.Builder claims = context.getClaims();
			if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
				ClientSettings settings = context.getRegisteredClient().getClientSettings();
				claims.claim(HubCaller.UNITS_CLAIM, split(settings.getSetting(CLIENT_UNITS)));
				claims.claim(HubCaller.ROLES_CLAIM, split(settings.getSetting(CLIENT_ROLES)));
			} else {
				users.find(context.getPrincipal().getName()).ifPresent(user -> {
					claims.claim(HubCaller.UNITS_CLAIM, user.units());
					claims.claim(HubCaller.ROLES_CLAIM, user.roles());
					if (user.fhirUser() != null) {
						claims.claim(HubCaller.FHIR_USER_CLAIM, user.fhirUser());
					}
				});
			}
			if (accessToken) {
				claims.audience(List.of(properties.audience()));
				claims.expiresAt(Instant.now().plus(properties.accessTokenTtl()));
			}
		};
	}

	/** The OAuth 2.0 / OpenID Connect endpoints; a browser that is not signed in is sent to the login page. */
	@Bean
	@Order(1)
	SecurityFilterChain authorizationServerChain(HttpSecurity http) throws Exception {
		OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
		http.securityMatcher(server.getEndpointsMatcher())
				.with(server, configurer -> configurer.oidc(Customizer.withDefaults())
						.authorizationEndpoint(endpoint -> endpoint.authenticationProviders(providers -> providers
								.stream()
								.filter(OAuth2AuthorizationCodeRequestAuthenticationProvider.class::isInstance)
								.map(OAuth2AuthorizationCodeRequestAuthenticationProvider.class::cast)
								.forEach(codes -> codes.setAuthenticationValidator(
										new RedirectUriCheck(Set.of(CONSOLE_CLIENT_ID)))))))
				.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
				.csrf(csrf -> csrf.ignoringRequestMatchers(server.getEndpointsMatcher()))
				.exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
						new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
				.oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()))
				.addFilterBefore(new SignInServerErrors(), DisableEncodeUrlFilter.class);
		return http.build();
	}

	/**
	 * The login page people sign in at, during the authorization-code flow: the console's Chinese page (登录,
	 * console.signin.LoginPage) with the fields username, password and _csrf.
	 */
	@Bean
	@Order(2)
	SecurityFilterChain loginChain(HttpSecurity http, LockoutAuthentication passwords) throws Exception {
		http.securityMatcher(new OrRequestMatcher(
						AntPathRequestMatcher.antMatcher("/login"), AntPathRequestMatcher.antMatcher("/logout")))
				.authenticationManager(passwords)
				.addFilterBefore(new SignInServerErrors(), DisableEncodeUrlFilter.class)
				.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
				.formLogin(form -> form.loginPage("/login").failureHandler((request, response, failure) -> {
					// the page shows the name typed again (never the password)
					request.getSession().setAttribute(LAST_USERNAME, request.getParameter("username"));
					response.sendRedirect(request.getContextPath() + "/login?error");
				}));
		return http.build();
	}

	static List<String> split(Object csv) {
		return csv == null || csv.toString().isBlank() ? List.of()
				: Arrays.stream(csv.toString().split(",")).map(String::trim).toList();
	}
}
