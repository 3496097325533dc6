package org.countyhub.server.security.access;

import java.util.function.Supplier;
import org.countyhub.server.security.token.Roles;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * A token whose only role is {@code metrics-reader} (a monitoring system's) reads the metrics and nothing else: the
 * FHIR endpoint's own rules admit any verified caller to records without patients, which a scraper must not see.
 */
final class ScrapeOnly implements AuthorizationManager<RequestAuthorizationContext> {

	private static final String METRICS = Roles.authority(Roles.METRICS_READER);

	private ScrapeOnly() {}

	/** Authenticated callers, except those that hold no role but {@code metrics-reader}. */
	static ScrapeOnly elsewhereRefused() {
		return new ScrapeOnly();
	}

	@Override
	public AuthorizationDecision check(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
		Authentication caller = authentication.get();
		if (caller == null || !caller.isAuthenticated() || caller instanceof AnonymousAuthenticationToken) {
			return new AuthorizationDecision(false);
		}
		boolean scraperOnly = !caller.getAuthorities().isEmpty() && caller.getAuthorities().stream()
				.map(GrantedAuthority::getAuthority).allMatch(METRICS::equals);
		return new AuthorizationDecision(!scraperOnly);
	}
}
