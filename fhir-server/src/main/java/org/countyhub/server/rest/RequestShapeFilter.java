package org.countyhub.server.rest;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a FHIR request body over {@link RequestLimits} with 413 and an OperationOutcome before HAPI parses it
 * (runs after the size limit, so the body read here is bounded). The body is read once and handed on from
 * memory.
 */
public class RequestShapeFilter extends OncePerRequestFilter {

	private final BodyShape shape;
	private final FhirContext fhirContext;

	public RequestShapeFilter(RequestLimits limits, FhirContext fhirContext) {
		this.shape = new BodyShape(limits);
		this.fhirContext = fhirContext;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String method = request.getMethod();
		String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
		// a form (POST _search) is read by the container as parameters, which the query checks cover
		if (!"POST".equals(method) && !"PUT".equals(method) && !"PATCH".equals(method)
				|| type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/")) {
			chain.doFilter(request, response);
			return;
		}
		byte[] body = request.getInputStream().readAllBytes();
		Optional<BodyShape.Excess> excess = shape.check(body, type.contains("xml"));
		if (excess.isPresent()) {
			OperationOutcome outcome = new OperationOutcome();
			outcome.addIssue()
					.setSeverity(OperationOutcome.IssueSeverity.ERROR)
					.setCode(OperationOutcome.IssueType.TOOCOSTLY)
					.setDiagnostics(excess.get().diagnostics());
			response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
			response.setContentType("application/fhir+json;charset=utf-8");
			response.getOutputStream().write(
					fhirContext.newJsonParser().encodeResourceToString(outcome).getBytes(StandardCharsets.UTF_8));
			return;
		}
		chain.doFilter(new BufferedBodyRequest(request, body), response);
	}
}
