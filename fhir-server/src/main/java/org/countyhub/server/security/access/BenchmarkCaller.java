package org.countyhub.server.security.access;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.countyhub.county.CountyDirectory;
import org.countyhub.county.MemberUnit;
import org.countyhub.server.config.HubProperties;
import org.countyhub.server.security.token.CallerAuthorities;
import org.countyhub.server.security.token.HubCaller;
import org.countyhub.server.security.token.Roles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code hub.security.benchmark-off=true}: the one way to run the hub without tokens, so that the benchmark
 * (bench/security.sh) measures what checking a token costs. Every request acts as one fixed caller with the
 * clinical, operator and system-admin roles for every unit; the hub's own rules (acting unit, FHIR rules) still run.
 * Refused with any county but the demo one, whose data is made up; announced at WARN.
 */
final class BenchmarkCaller extends OncePerRequestFilter {

	static final String DEMO_COUNTY = "classpath:county/demo";

	private static final Logger log = LoggerFactory.getLogger(BenchmarkCaller.class);

	private final AbstractAuthenticationToken caller;

	private BenchmarkCaller(AbstractAuthenticationToken caller) {
		this.caller = caller;
	}

	static BenchmarkCaller forCounty(HubProperties hub, CountyDirectory county) {
		if (!DEMO_COUNTY.equals(hub.county().location())) {
			throw new IllegalStateException("hub.security.benchmark-off=true is for benchmarks on the demo county only;"
					+ " refused with hub.county.location=" + hub.county().location());
		}
		log.warn("hub.security.benchmark-off=true: SECURITY IS OFF for this benchmark run - no token is checked and"
				+ " MLLP senders are not bound to their units' addresses; never run so with real data");
		List<String> units = county.units().stream().map(MemberUnit::code).toList();
		Jwt fixed = Jwt.withTokenValue("benchmark-off").header("alg", "none").subject("benchmark-off")
				.claim(HubCaller.UNITS_CLAIM, units)
				.claim(HubCaller.ROLES_CLAIM, List.of(Roles.CLINICIAN, Roles.REFERRAL_COORDINATOR,
						Roles.READING_PHYSICIAN, Roles.PHARMACIST, Roles.OPERATOR, Roles.SYSTEM_ADMIN))
				.issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(365L * 24 * 3600))
				.build();
		return new BenchmarkCaller(new CallerAuthorities().convert(fixed));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		SecurityContextHolder.getContext().setAuthentication(caller);
		chain.doFilter(request, response);
	}
}
