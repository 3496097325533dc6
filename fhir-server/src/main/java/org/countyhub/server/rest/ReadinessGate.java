package org.countyhub.server.rest;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.countyhub.profiles.HubMsg;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 503 Service Unavailable, with Retry-After and an OperationOutcome, until the hub is ready to serve: Spring
 * Boot's readiness state {@code ACCEPTING_TRAFFIC}, reached after every start-up step (the guide installed and its
 * rules registered, the member unit registry loaded). The embedded web server accepts connections before those steps
 * run, and a write in that window would be stored without the guide's checks. The same answer while the hub shuts
 * down. Health probes ({@code /actuator}) always pass, so an orchestrator can see the state.
 */
public class ReadinessGate extends OncePerRequestFilter {

	static final String RETRY_AFTER_SECONDS = "5";

	private final ApplicationAvailability availability;
	private final FhirContext fhirContext;

	public ReadinessGate(ApplicationAvailability availability, FhirContext fhirContext) {
		this.availability = availability;
		this.fhirContext = fhirContext;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return path.equals("/actuator") || path.startsWith("/actuator/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ReadinessState state = availability.getReadinessState();
		if (state == ReadinessState.ACCEPTING_TRAFFIC) {
			chain.doFilter(request, response);
			return;
		}
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue()
				.setSeverity(OperationOutcome.IssueSeverity.ERROR)
				.setCode(OperationOutcome.IssueType.TRANSIENT)
				.setDiagnostics(HubMsg.code(1002) + "the hub is " + (state == null ? "starting" : "not ready")
						+ " (readiness " + state + "); retry in a few seconds");
		response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
		response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
		response.setContentType("application/fhir+json;charset=utf-8");
		response.getOutputStream().write(
				fhirContext.newJsonParser().encodeResourceToString(outcome).getBytes(StandardCharsets.UTF_8));
	}
}
