package org.countyhub.server.security.token;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.countyhub.profiles.HubMsg;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401 and 403 as FHIR clients expect them: Spring Security's status and {@code WWW-Authenticate} header (RFC 6750),
 * with an OperationOutcome body that names the problem. The reason Spring gives is about the token, never about
 * the patient data the request carried.
 */
public final class OutcomeResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

	private final FhirContext fhirContext;
	private final BearerTokenAuthenticationEntryPoint bearerEntryPoint = new BearerTokenAuthenticationEntryPoint();
	private final BearerTokenAccessDeniedHandler bearerDenied = new BearerTokenAccessDeniedHandler();

	public OutcomeResponses(FhirContext fhirContext) {
		this.fhirContext = fhirContext;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
			throws IOException {
		bearerEntryPoint.commence(request, response, failure);
		String reason = request.getHeader("Authorization") == null ? "this endpoint needs a bearer token"
				: "the bearer token was refused: " + failure.getMessage();
		write(response, OperationOutcome.IssueType.LOGIN, HubMsg.code(5401) + reason);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
			throws IOException {
		bearerDenied.handle(request, response, denied);
		write(response, OperationOutcome.IssueType.FORBIDDEN, HubMsg.code(5402)
				+ "the caller's roles do not allow " + request.getMethod() + " " + request.getRequestURI());
	}

	/** Writes a 403 with the given message (for the hub's own filters). */
	public void forbid(HttpServletResponse response, String diagnostics) throws IOException {
		response.setStatus(HttpServletResponse.SC_FORBIDDEN);
		write(response, OperationOutcome.IssueType.FORBIDDEN, diagnostics);
	}

	private void write(HttpServletResponse response, OperationOutcome.IssueType type, String diagnostics)
			throws IOException {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(type).setDiagnostics(diagnostics);
		response.setContentType("application/fhir+json;charset=utf-8");
		response.getOutputStream().write(
				fhirContext.newJsonParser().encodeResourceToString(outcome).getBytes(StandardCharsets.UTF_8));
	}
}
