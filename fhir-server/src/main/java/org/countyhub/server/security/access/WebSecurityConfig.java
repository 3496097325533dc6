package org.countyhub.server.security.access;

import static org.springframework.security.web.util.matcher.AntPathRequestMatcher.antMatcher;

import ca.uhn.fhir.context.FhirContext;
import org.countyhub.county.CountyDirectory;
import org.countyhub.server.config.HubProperties;
import org.countyhub.server.security.SecurityProperties;
import org.countyhub.server.security.token.CallerAuthorities;
import org.countyhub.server.security.token.OutcomeResponses;
import org.countyhub.server.security.token.Roles;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * URL-level rules for everything but the authorization server's own endpoints: a bearer token on every request
 * except the capability statement, the discovery documents and the health probe; {@code /admin/**} for operators;
 * the other actuator endpoints for the system admin. FHIR-level rules (operations, types) are
 * {@link FhirAccessRules}. Stateless: no session, no cookie, hence no CSRF token; no CORS unless
 * {@code hub.security.cors-origins} lists origins.
 */
@Configuration
@EnableWebSecurity
@EnableConfigurationProperties(SecurityProperties.class)
public class WebSecurityConfig {

	@Bean
	OutcomeResponses outcomeResponses(FhirContext fhirContext) {
		return new OutcomeResponses(fhirContext);
	}

	@Bean
	@Order(3)
	SecurityFilterChain apiChain(HttpSecurity http, OutcomeResponses outcomes, SecurityProperties properties,
			HubProperties hub, CountyDirectory county) throws Exception {
		http.authorizeHttpRequests(requests -> requests
						.requestMatchers(antMatcher(HttpMethod.GET, "/fhir/metadata"),
								antMatcher(HttpMethod.GET, "/fhir/.well-known/smart-configuration"),
								antMatcher(HttpMethod.GET, "/.well-known/**"),
								antMatcher(HttpMethod.GET, "/actuator/health"),
								antMatcher(HttpMethod.GET, "/actuator/health/**"),
								antMatcher("/error"))
						.permitAll()
						.requestMatchers(antMatcher("/admin/**")).hasRole(Roles.OPERATOR)
						.requestMatchers(antMatcher("/security/**")).hasRole(Roles.SECURITY_ADMIN)
						.requestMatchers(antMatcher(HttpMethod.GET, "/actuator/prometheus"))
						.hasAnyRole(Roles.OPERATOR, Roles.SYSTEM_ADMIN, Roles.METRICS_READER)
						.requestMatchers(antMatcher("/actuator/**")).hasRole(Roles.SYSTEM_ADMIN)
						.requestMatchers(antMatcher("/public-health/**"))
						.hasAnyRole(Roles.BUREAU_ANALYST, Roles.PUBLIC_HEALTH_OFFICER)
						.requestMatchers(antMatcher("/critical-values/**")).hasRole(Roles.BUREAU_ANALYST)
						.requestMatchers(antMatcher("/indicators/**")).hasRole(Roles.BUREAU_ANALYST)
						.requestMatchers(antMatcher("/prescriptions/**"))
						.hasAnyRole(Roles.BUREAU_ANALYST, Roles.PHARMACIST)
						.anyRequest().access(ScrapeOnly.elsewhereRefused()))
				.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(outcomes).accessDeniedHandler(outcomes))
				.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.csrf(csrf -> csrf.disable())
				.addFilterAfter(new ActingUnitHeaderCheck(outcomes), AuthorizationFilter.class);
		if (properties.benchmarkOff()) {
			http.addFilterBefore(BenchmarkCaller.forCounty(hub, county), AuthorizationFilter.class);
		} else {
			http.oauth2ResourceServer(resourceServer -> resourceServer
					.jwt(jwt -> jwt.jwtAuthenticationConverter(new CallerAuthorities()))
					.authenticationEntryPoint(outcomes)
					.accessDeniedHandler(outcomes));
		}
		if (properties.corsOrigins().isEmpty()) {
			http.cors(cors -> cors.disable());
		} else {
			CorsConfiguration cors = new CorsConfiguration();
			cors.setAllowedOrigins(properties.corsOrigins());
			cors.addAllowedMethod("*");
			cors.addAllowedHeader("*");
			UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
			source.registerCorsConfiguration("/**", cors);
			http.cors(c -> c.configurationSource(source));
		}
		return http.build();
	}
}
