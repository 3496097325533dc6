package org.countyhub.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.entity.ResourceIndexedSearchParamToken;
import ca.uhn.fhir.jpa.searchparam.extractor.ResourceIndexedSearchParams;
import ca.uhn.fhir.jpa.searchparam.matcher.InMemoryMatchResult;
import ca.uhn.fhir.jpa.searchparam.matcher.InMemoryResourceMatcher;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 finding 3: HAPI's check that no conditional URL of a transaction matches two of its resources, answered
 * from the indexed identifier for {@code Type?identifier=system|value} (linear work per comparison), and by HAPI's
 * own matcher for everything else. A wrong answer here would let a transaction store two results for one key, or
 * refuse a good message.
 */
class IdentifierCriteriaMatchingTest {

	private static final String SYSTEM = "https://countyhub.org/fhir/unit/XRMYY/result";

	private final List<String> askedHapi = new ArrayList<>();
	private final InMemoryResourceMatcher matcher = (InMemoryResourceMatcher) IdentifierCriteriaMatching.replacing()
			.postProcessAfterInitialization(new HapiMatcher(), "inMemoryResourceMatcher");

	@Test
	void identifierOfTheResourceMatchesAndAnotherDoesNot() {
		ResourceIndexedSearchParams indexed = indexed("F1-GLU", "F1-K");
		assertThat(matcher.match("Observation?identifier=" + SYSTEM + "%7CF1-K", new Observation(), indexed).matched())
				.isTrue();
		assertThat(matcher.match("Observation?identifier=" + SYSTEM + "|F1-NA", new Observation(), indexed).matched())
				.isFalse();
		assertThat(matcher.match("Observation?identifier=urn%3Aother%7CF1-K", new Observation(), indexed).matched())
				.isFalse();
		assertThat(askedHapi).isEmpty();
	}

	@Test
	void otherCriteriaAreLeftToHapi() {
		ResourceIndexedSearchParams indexed = indexed("F1-GLU");
		for (String criteria : List.of("Observation?identifier=F1-GLU", "Observation?identifier=%7CF1-GLU",
				"Observation?identifier=" + SYSTEM + "%7CF1-GLU,F1-K", "Observation?identifier=" + SYSTEM
						+ "%7CF1-GLU&status=final", "Observation?code=x%7Cy", "Patient?identifier=" + SYSTEM + "%7CF1-GLU")) {
			matcher.match(criteria, new Observation(), indexed);
		}
		assertThat(askedHapi).hasSize(6);
	}

	private static ResourceIndexedSearchParams indexed(String... values) {
		ResourceIndexedSearchParams params = ResourceIndexedSearchParams.withSets();
		PartitionSettings partitions = new PartitionSettings();
		for (String value : values) {
			params.myTokenParams.add(new ResourceIndexedSearchParamToken(partitions, "Observation", "identifier", SYSTEM,
					value));
			params.myTokenParams.add(new ResourceIndexedSearchParamToken(partitions, "Observation", "code", SYSTEM, value));
		}
		return params;
	}

	/** Stands for HAPI's matcher: records what it was asked. */
	private final class HapiMatcher extends InMemoryResourceMatcher {
		@Override
		public InMemoryMatchResult match(String criteria, IBaseResource resource, ResourceIndexedSearchParams params,
				RequestDetails request) {
			askedHapi.add(criteria);
			return InMemoryMatchResult.noMatch();
		}
	}
}
