package org.countyhub.server.security.signin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.countyhub.profiles.HubMsg;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Names the cause of a server error at the sign-in endpoints in the log. The authorization server answers an
 * unexpected exception with a bare 500 and logs nothing, which leaves an operator with "sign-in fails" and no
 * reason. Only the path and the exception chain's classes and messages are logged: never parameters, which carry
 * codes, passwords and user names.
 */
final class SignInServerErrors extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(SignInServerErrors.class);

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		} catch (RuntimeException | ServletException | IOException e) {
			StringBuilder causes = new StringBuilder();
			for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
				causes.append(causes.isEmpty() ? "" : " <- ").append(t.getClass().getName()).append(": ")
						.append(t.getMessage());
			}
			log.error("{}sign-in endpoint {} failed: {}", HubMsg.code(5417), request.getRequestURI(), causes);
			throw e;
		}
	}
}
