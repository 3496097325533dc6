package org.countyhub.server.rest;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Map;
import org.countyhub.profiles.HubMsg;
import org.springframework.stereotype.Component;

/**
 * Refuses searches that ask for more sorting, includes or chaining than {@link RequestLimits} allow (400 with a
 * HUB code), before HAPI plans the query: {@code _sort=name} repeated 200 times kept a query running for minutes
 * after its client had gone.
 */
@Component
@Interceptor
public class SearchComplexity implements RestInterceptor {

	private final RequestLimits limits;

	public SearchComplexity(RequestLimits limits) {
		this.limits = limits;
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public boolean check(RequestDetails request) {
		int sortKeys = 0;
		int includes = 0;
		for (Map.Entry<String, String[]> parameter : request.getParameters().entrySet()) {
			String name = parameter.getKey();
			if (name.equals("_sort")) {
				for (String value : parameter.getValue()) {
					sortKeys += value.split(",", -1).length;
				}
			} else if (name.startsWith("_include") || name.startsWith("_revinclude")) {
				includes += parameter.getValue().length;
			} else if (!name.startsWith("_")) {
				String chain = name.indexOf(':') >= 0 ? name.substring(0, name.indexOf(':')) : name;
				if (chain.split("\\.", -1).length > limits.maxChain()) {
					throw new InvalidRequestException(HubMsg.code(1025) + "a chained parameter may have at most "
							+ limits.maxChain() + " links (hub.request-limits.max-chain)");
				}
			}
		}
		if (sortKeys > limits.maxSort()) {
			throw new InvalidRequestException(HubMsg.code(1023) + "a search may sort by at most " + limits.maxSort()
					+ " keys (hub.request-limits.max-sort)");
		}
		if (includes > limits.maxIncludes()) {
			throw new InvalidRequestException(HubMsg.code(1024) + "a search may have at most " + limits.maxIncludes()
					+ " _include and _revinclude values (hub.request-limits.max-includes)");
		}
		return true;
	}
}
