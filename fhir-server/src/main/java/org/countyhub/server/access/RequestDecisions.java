package org.countyhub.server.access;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The decisions taken during one HTTP request, by Patient record: each person is decided once per request, and
 * the access records of the request say which rule allowed (or refused) each. Kept as an attribute of the servlet
 * request, so that code without the FHIR request at hand (the audit sink) finds them too.
 */
public final class RequestDecisions {

	static final String ATTRIBUTE = RequestDecisions.class.getName();

	private final Map<String, AccessDecision> byPatient = Collections.synchronizedMap(new LinkedHashMap<>());

	private RequestDecisions() {}

	/** The decisions of this FHIR request (created on first use); empty for requests not served over HTTP. */
	static Optional<RequestDecisions> of(RequestDetails request) {
		if (request instanceof ServletRequestDetails servlet && servlet.getServletRequest() != null) {
			return Optional.of(of(servlet.getServletRequest()));
		}
		return Optional.empty();
	}

	/** The decisions of the HTTP request this thread serves, if any was taken. */
	public static Optional<RequestDecisions> current() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (attributes instanceof ServletRequestAttributes servlet) {
			return Optional.ofNullable((RequestDecisions) servlet.getRequest().getAttribute(ATTRIBUTE));
		}
		return Optional.empty();
	}

	private static RequestDecisions of(HttpServletRequest request) {
		Object existing = request.getAttribute(ATTRIBUTE);
		if (existing instanceof RequestDecisions decisions) {
			return decisions;
		}
		RequestDecisions decisions = new RequestDecisions();
		request.setAttribute(ATTRIBUTE, decisions);
		return decisions;
	}

	AccessDecision get(String patient) {
		return byPatient.get(patient);
	}

	void put(String patient, AccessDecision decision) {
		byPatient.put(patient, decision);
	}

	/** Every decision of the request, by Patient record ({@code Patient/12}). */
	public Map<String, AccessDecision> all() {
		synchronized (byPatient) {
			return Map.copyOf(byPatient);
		}
	}

	/** The decision taken for this Patient record during the request, if any. */
	public Optional<AccessDecision> decision(String patient) {
		return Optional.ofNullable(byPatient.get(patient));
	}
}
