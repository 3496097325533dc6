package org.countyhub.server.rest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What one FHIR request may ask of the hub ({@code hub.request-limits.*}), checked before HAPI parses or
 * validates anything, so that one hostile request cannot fill the heap or hold a database connection for minutes.
 *
 * @param maxElements     values (JSON scalars, objects, array items; XML elements) in one request body
 * @param maxDepth        nesting of a request body (objects and arrays in JSON, elements in XML)
 * @param maxStringLength characters of one string in a request body (an attachment's Base64 data included)
 * @param maxSort         sort keys of one search ({@code _sort=a,b,c} and repeated {@code _sort} together)
 * @param maxIncludes     {@code _include} and {@code _revinclude} values of one search together
 * @param maxChain        links of one chained search parameter ({@code subject.organization.name} = 3)
 */
@ConfigurationProperties(prefix = "hub.request-limits")
public record RequestLimits(
		@DefaultValue("200000") int maxElements,
		@DefaultValue("100") int maxDepth,
		@DefaultValue("5000000") int maxStringLength,
		@DefaultValue("5") int maxSort,
		@DefaultValue("10") int maxIncludes,
		@DefaultValue("3") int maxChain) {

	public RequestLimits {
		positive("max-elements", maxElements);
		positive("max-depth", maxDepth);
		positive("max-string-length", maxStringLength);
		positive("max-sort", maxSort);
		positive("max-includes", maxIncludes);
		positive("max-chain", maxChain);
	}

	private static void positive(String key, int value) {
		if (value < 1) {
			throw new IllegalArgumentException("hub.request-limits." + key + " must be at least 1, was " + value);
		}
	}
}
