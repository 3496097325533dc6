package org.countyhub.server.security.access;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.countyhub.profiles.HubMsg;
import org.countyhub.server.security.token.HubCaller;
import org.countyhub.server.security.token.OutcomeResponses;
import org.countyhub.server.workflow.ActingUnit;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code X-Hub-Unit} may only choose among the units the caller's token carries: naming any other unit is refused
 * (403) before the request reaches an endpoint, whatever the endpoint does with the header.
 */
final class ActingUnitHeaderCheck extends OncePerRequestFilter {

	private final OutcomeResponses outcomes;

	ActingUnitHeaderCheck(OutcomeResponses outcomes) {
		this.outcomes = outcomes;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String named = request.getHeader(ActingUnit.HEADER);
		Optional<HubCaller> caller = HubCaller.current();
		if (named != null && caller.isPresent() && !caller.get().units().contains(named.trim())) {
			outcomes.forbid(response, HubMsg.code(5403) + ActingUnit.HEADER + " names a unit the caller's token does"
					+ " not carry (its units: " + caller.get().units() + ")");
			return;
		}
		chain.doFilter(request, response);
	}
}
