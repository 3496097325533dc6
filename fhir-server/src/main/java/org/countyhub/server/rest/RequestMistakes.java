package org.countyhub.server.rest;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.regex.Pattern;
import org.countyhub.profiles.HubMsg;
import org.springframework.stereotype.Component;

/**
 * Refuses, with 400 and a HUB code, request values that HAPI would otherwise take into the database layer and
 * answer with a 500 naming a class: a negative {@code _offset} or {@code _count}, a {@code _history} version
 * that is not a number a version can be, an {@code If-Match} that is not a version ETag. Checked before any
 * method runs; the value is not echoed (it may be anything).
 */
@Component
@Interceptor
public class RequestMistakes implements RestInterceptor {

	private static final Pattern NUMBER = Pattern.compile("\\d{1,9}");
	private static final Pattern VERSION = Pattern.compile("\\d{1,18}");
	private static final Pattern VERSION_ETAG = Pattern.compile("(W/)?\"\\d{1,18}\"");

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public boolean check(RequestDetails request) {
		for (String name : new String[] {"_offset", "_count"}) {
			String[] values = request.getParameters().get(name);
			if (values != null) {
				for (String value : values) {
					if (!NUMBER.matcher(value.trim()).matches()) {
						throw new InvalidRequestException(HubMsg.code(1010) + name
								+ " must be a whole number from 0 to 999999999");
					}
				}
			}
		}
		String[] path = request.getRequestPath() == null ? new String[0] : request.getRequestPath().split("/");
		for (int i = 0; i + 1 < path.length; i++) {
			if (path[i].equals("_history") && !VERSION.matcher(path[i + 1]).matches()) {
				throw new InvalidRequestException(HubMsg.code(1011)
						+ "the version after _history must be a whole number of at most 18 digits");
			}
		}
		String ifMatch = request.getHeader("If-Match");
		if (ifMatch != null && !VERSION_ETAG.matcher(ifMatch.trim()).matches()) {
			throw new InvalidRequestException(HubMsg.code(1012)
					+ "If-Match must name a version as an ETag, e.g. W/\"3\"");
		}
		return true;
	}
}
