package org.countyhub.server.security.totp;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The second step of an admin's sign-in: before the authorization endpoint issues a code (and so a token) to a
 * person signed in with a password who holds one of the three admin roles (等保 2.0: system, security and audit
 * administrators), that person must have typed a valid TOTP code at {@value #PAGE} in the same session. Runs just
 * before Spring Security's filters, reading who signed in from the session, so the authorization server's own
 * configuration stays as it is.
 */
final class SecondFactorGate extends OncePerRequestFilter {

	static final String PAGE = "/login/totp";
	/** Session attribute: the user name whose TOTP code was accepted in this session. */
	static final String PASSED = "COUNTY_HUB_TOTP_PASSED";
	/** Session attribute: the authorization request to resume after the code. */
	static final String RESUME = "COUNTY_HUB_TOTP_RESUME";

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().equals(request.getContextPath() + "/oauth2/authorize");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		HttpSession session = request.getSession(false);
		Authentication who = signedIn(session);
		if (who != null && needsSecondFactor(who) && !who.getName().equals(session.getAttribute(PASSED))) {
			String query = request.getQueryString();
			session.setAttribute(RESUME, request.getRequestURI() + (query == null ? "" : "?" + query));
			response.sendRedirect(request.getContextPath() + PAGE);
			return;
		}
		chain.doFilter(request, response);
	}

	static Authentication signedIn(HttpSession session) {
		Object context = session == null ? null
				: session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
		return context instanceof SecurityContext security ? security.getAuthentication() : null;
	}

	static boolean needsSecondFactor(Authentication who) {
		return who.isAuthenticated()
				&& SecondFactor.required(who.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
	}
}
