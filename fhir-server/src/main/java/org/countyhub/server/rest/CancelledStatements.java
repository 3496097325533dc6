package org.countyhub.server.rest;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import java.sql.SQLException;
import org.countyhub.profiles.HubMsg;
import org.springframework.stereotype.Component;

/**
 * A request whose statement the database cancelled ({@code hub.request-limits.statement-timeout}; SQLSTATE 57014 on
 * PostgreSQL and H2) is answered 503 with an OperationOutcome and {@code HUB-1026}, not HAPI's 500 with the
 * driver's text. The cause may arrive wrapped several times (HAPI's search threads hand it to the request thread).
 */
@Component
@Interceptor
public class CancelledStatements implements RestInterceptor {

	static final String QUERY_CANCELED = "57014";

	@Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
	public BaseServerResponseException answer(Throwable failure) {
		return wasCancelled(failure) ? cancelled() : null;
	}

	static boolean wasCancelled(Throwable failure) {
		int depth = 0;
		for (Throwable cause = failure; cause != null && depth < 20; cause = cause.getCause(), depth++) {
			if (cause instanceof SQLException sql && QUERY_CANCELED.equals(sql.getSQLState())) {
				return true;
			}
			String message = cause.getMessage();
			// the text of PostgreSQL's and H2's cancellation, for causes HAPI kept only as a message
			if (message != null && (message.contains("canceling statement due to statement timeout")
					|| message.contains("[" + QUERY_CANCELED + "-"))) {
				return true;
			}
		}
		return false;
	}

	static BaseServerResponseException cancelled() {
		return new UnclassifiedServerFailureException(503, HubMsg.code(1026) + "the request ran longer than the hub "
				+ "allows one statement (hub.request-limits.statement-timeout) and was cancelled; narrow the search "
				+ "(fewer sort keys, includes or chained parameters, a date range) or ask again later");
	}
}
