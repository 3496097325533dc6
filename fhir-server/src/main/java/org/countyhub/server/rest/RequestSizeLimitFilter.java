package org.countyhub.server.rest;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.countyhub.profiles.HubMsg;
import org.countyhub.server.config.HubProperties;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies larger than {@code hub.fhir.max-request-size} with 413 and an OperationOutcome, before
 * HAPI parses anything. A declared Content-Length is checked up front; a chunked body is read up to the limit.
 */
public class RequestSizeLimitFilter extends OncePerRequestFilter {

	private final long maxBytes;
	private final FhirContext fhirContext;

	public RequestSizeLimitFilter(HubProperties properties, FhirContext fhirContext) {
		this.maxBytes = properties.fhir().maxRequestSize().toBytes();
		this.fhirContext = fhirContext;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long declared = request.getContentLengthLong();
		if (declared > maxBytes) {
			refuse(response, declared);
			return;
		}
		if (declared < 0 && hasBody(request)) {
			byte[] body = readAtMost(request.getInputStream(), maxBytes + 1);
			if (body.length > maxBytes) {
				refuse(response, -1);
				return;
			}
			chain.doFilter(new BufferedBodyRequest(request, body), response);
			return;
		}
		chain.doFilter(request, response);
	}

	private static boolean hasBody(HttpServletRequest request) {
		String method = request.getMethod();
		return "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method);
	}

	private static byte[] readAtMost(InputStream in, long limit) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		int read;
		while (out.size() < limit && (read = in.read(buffer, 0, (int) Math.min(buffer.length, limit - out.size()))) != -1) {
			out.write(buffer, 0, read);
		}
		return out.toByteArray();
	}

	private void refuse(HttpServletResponse response, long declared) throws IOException {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue()
				.setSeverity(OperationOutcome.IssueSeverity.ERROR)
				.setCode(OperationOutcome.IssueType.TOOLONG)
				.setDiagnostics(HubMsg.code(1001) + "request body "
						+ (declared >= 0 ? "of " + declared + " bytes " : "")
						+ "exceeds the limit of " + maxBytes + " bytes (hub.fhir.max-request-size)");
		response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
		response.setContentType("application/fhir+json;charset=utf-8");
		response.getOutputStream().write(
				fhirContext.newJsonParser().encodeResourceToString(outcome).getBytes(StandardCharsets.UTF_8));
	}
}
