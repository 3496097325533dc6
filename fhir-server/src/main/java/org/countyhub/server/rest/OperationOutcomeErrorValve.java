package org.countyhub.server.rest;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.countyhub.profiles.HubMsg;

/**
 * Tomcat's own error answers (a request line or header it cannot read, before any servlet runs) as an
 * OperationOutcome in JSON, like every other answer of the hub, instead of Tomcat's HTML page. Answers that a
 * servlet already wrote are left alone. Says only the status: the request is not echoed.
 */
public class OperationOutcomeErrorValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(true);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get() || !response.setErrorReported()) {
			return;
		}
		String severity = status >= 500 ? "fatal" : "error";
		String code = status >= 500 ? "exception" : "invalid";
		String text = HubMsg.code(1013) + "HTTP " + status + ": the server could not read the request line or its "
				+ "headers (characters that must be percent-encoded, a malformed header or a URI too long)";
		if (status >= 500) {
			text = HubMsg.code(1014) + "HTTP " + status + ": the server failed before the request reached the hub";
		}
		try {
			response.setContentType("application/fhir+json");
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"" + severity
						+ "\",\"code\":\"" + code + "\",\"diagnostics\":\"" + text + "\"}]}");
				response.finishResponse();
			}
		} catch (IOException | IllegalStateException e) {
			// the client is gone or the response cannot be written: nothing else to tell it
		}
	}
}
