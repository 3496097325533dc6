package org.countyhub.server.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Coding;

/**
 * Which profile of the guide a resource of a type with several profiles (DiagnosticReport, Observation,
 * ServiceRequest, Task) is meant to conform to, read from its content: a report's v2-0074 category, an
 * observation's code or category, a workflow's hub category or code. The rules are data
 * ({@code validation/profile-rules.json}), checked in order, first match wins.
 */
final class ProfileRules {

	static final String DEFAULT_LOCATION = "validation/profile-rules.json";

	/** One rule: a resource of this type with a Coding system|code among those at element gets profile. */
	record Rule(String resourceType, String element, String system, Set<String> codes, String profile) {}

	/**
	 * The rules, and the resource types whose resources may stay outside the guide when no rule matches them
	 * (validated against the base specification only).
	 */
	record Table(List<Rule> rules, Set<String> unprofiledTypes) {}

	private final FhirTerser terser;
	private final List<Rule> rules;

	ProfileRules(FhirContext fhirContext, List<Rule> rules) {
		this.terser = fhirContext.newTerser();
		this.rules = List.copyOf(rules);
	}

	/**
	 * The table of a JSON document {@code {"unprofiled": [{resourceType, why}],
	 * "rules": [{resourceType, element, system, codes[], profile}]}}.
	 */
	static Table read(InputStream json) {
		try {
			JsonNode root = new ObjectMapper().readTree(json);
			Set<String> unprofiled = new java.util.LinkedHashSet<>();
			root.path("unprofiled").forEach(u -> unprofiled.add(required(u, "resourceType")));
			List<Rule> rules = new ArrayList<>();
			for (JsonNode r : root.path("rules")) {
				Set<String> codes = new java.util.LinkedHashSet<>();
				r.path("codes").forEach(c -> codes.add(c.asText()));
				rules.add(new Rule(required(r, "resourceType"), required(r, "element"), required(r, "system"),
						Set.copyOf(codes), required(r, "profile")));
			}
			return new Table(rules, Set.copyOf(unprofiled));
		} catch (IOException e) {
			throw new UncheckedIOException("hub.validation: unreadable profile rules", e);
		}
	}

	static Table readDefault() {
		try (InputStream in = ProfileRules.class.getClassLoader().getResourceAsStream(DEFAULT_LOCATION)) {
			if (in == null) {
				throw new IllegalStateException("hub.validation: " + DEFAULT_LOCATION + " missing from the classpath");
			}
			return read(in);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static String required(JsonNode rule, String field) {
		String value = rule.path(field).asText("");
		if (value.isEmpty()) {
			throw new IllegalStateException("hub.validation: profile rule without " + field + ": " + rule);
		}
		return value;
	}

	/** The profile the first matching rule gives this resource, if any. */
	Optional<String> profileOf(IBaseResource resource) {
		String type = resource.fhirType();
		for (Rule rule : rules) {
			if (!rule.resourceType().equals(type)) {
				continue;
			}
			for (IBase value : terser.getValues(resource, type + "." + rule.element())) {
				if (value instanceof Coding coding
						&& rule.system().equals(coding.getSystem())
						&& rule.codes().contains(coding.getCode())) {
					return Optional.of(rule.profile());
				}
			}
		}
		return Optional.empty();
	}
}
