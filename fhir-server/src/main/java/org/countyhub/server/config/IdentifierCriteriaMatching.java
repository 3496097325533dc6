package org.countyhub.server.config;

import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.jpa.model.entity.ResourceIndexedSearchParamToken;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.jpa.searchparam.extractor.ResourceIndexedSearchParams;
import ca.uhn.fhir.jpa.searchparam.matcher.InMemoryMatchResult;
import ca.uhn.fhir.jpa.searchparam.matcher.InMemoryResourceMatcher;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.util.UrlUtil;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * HAPI's in-memory matcher, answering {@code Type?identifier=system|value} from the resource's indexed identifier
 * tokens instead of parsing the URL again for every resource it is compared with. After writing a transaction HAPI
 * checks that no conditional URL matches two of its resources: every conditional URL against every written resource
 * of its type. A feed's result is one conditional update per OBX, so a 2,000-OBX ORU made 4 million comparisons, each
 * parsing its URL (issue 20 finding 3: 30.9 s; most of it here). The answer is the same: the indexed tokens are what
 * a search by identifier compares (system and value exactly); any other criteria go to HAPI's matcher as before.
 */
final class IdentifierCriteriaMatching extends InMemoryResourceMatcher {

	private static final String IDENTIFIER = "identifier";
	private static final String PARAMETER = IDENTIFIER + "=";

	private final InMemoryResourceMatcher hapi;
	private final ThreadLocal<Parsed> lastParsed = new ThreadLocal<>();

	private IdentifierCriteriaMatching(InMemoryResourceMatcher hapi) {
		this.hapi = hapi;
	}

	/** Puts this matcher in the place of HAPI's (a post-processor, as HAPI's configuration declares that bean). */
	static BeanPostProcessor replacing() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return bean instanceof InMemoryResourceMatcher hapi && !(bean instanceof IdentifierCriteriaMatching)
						? new IdentifierCriteriaMatching(hapi) : bean;
			}
		};
	}

	@Override
	public InMemoryMatchResult match(String criteria, IBaseResource resource, ResourceIndexedSearchParams params) {
		return match(criteria, resource, params, null);
	}

	@Override
	public InMemoryMatchResult match(String criteria, IBaseResource resource, ResourceIndexedSearchParams params,
			RequestDetails request) {
		Identifier key = params == null || resource == null ? null : parsed(criteria, resource.fhirType());
		if (key == null) {
			return hapi.match(criteria, resource, params, request);
		}
		for (ResourceIndexedSearchParamToken token : params.myTokenParams) {
			if (IDENTIFIER.equals(token.getParamName()) && key.system.equals(token.getSystem())
					&& key.value.equals(token.getValue())) {
				return InMemoryMatchResult.successfulMatch();
			}
		}
		return InMemoryMatchResult.noMatch();
	}

	/**
	 * HAPI compares one criteria with every resource in turn: the last one parsed on this thread is remembered, so
	 * each comparison costs a few string comparisons.
	 */
	private Identifier parsed(String criteria, String type) {
		Parsed last = lastParsed.get();
		if (last != null && last.criteria.equals(criteria) && last.type.equals(type)) {
			return last.identifier;
		}
		Identifier identifier = Identifier.of(criteria, type);
		lastParsed.set(new Parsed(criteria, type, identifier));
		return identifier;
	}

	private record Parsed(String criteria, String type, Identifier identifier) {}

	@Override
	public InMemoryMatchResult canBeEvaluatedInMemory(String criteria) {
		return hapi.canBeEvaluatedInMemory(criteria);
	}

	@Override
	public InMemoryMatchResult canBeEvaluatedInMemory(SearchParameterMap map, RuntimeResourceDefinition definition) {
		return hapi.canBeEvaluatedInMemory(map, definition);
	}

	@Override
	public InMemoryMatchResult match(SearchParameterMap map, IBaseResource resource, RuntimeResourceDefinition definition,
			ResourceIndexedSearchParams params) {
		return hapi.match(map, resource, definition, params);
	}

	/** The one identifier a criteria names, both halves given and nothing that needs HAPI's parser. */
	private record Identifier(String system, String value) {

		static Identifier of(String criteria, String type) {
			int query = criteria.indexOf('?');
			// "Type?" of this resource, or "?" alone (the resource's type implied)
			if (query < 0 || (query > 0 && (query != type.length() || !criteria.startsWith(type)))
					|| !criteria.startsWith(PARAMETER, query + 1)) {
				return null;
			}
			String raw = criteria.substring(query + 1 + PARAMETER.length());
			if (raw.indexOf('&') >= 0) {
				return null;
			}
			String token = UrlUtil.unescape(raw);
			int bar = token.indexOf('|');
			// commas (OR), backslash escapes, a second bar or an empty half mean what only HAPI's parser knows
			if (bar <= 0 || bar == token.length() - 1 || token.indexOf('|', bar + 1) >= 0 || token.indexOf(',') >= 0
					|| token.indexOf('\\') >= 0) {
				return null;
			}
			return new Identifier(token.substring(0, bar), token.substring(bar + 1));
		}
	}
}
