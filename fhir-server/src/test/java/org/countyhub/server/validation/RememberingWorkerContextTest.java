package org.countyhub.server.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.junit.jupiter.api.Test;

/**
 * The validators' bridge to the support chain answers a repeated question from memory, but never longer than its
 * age, never after the caches are invalidated, and never "not found" from memory.
 */
class RememberingWorkerContextTest {

	private static final FhirContext CTX = FhirContext.forR4Cached();
	private static final String CORE_TYPE = "http://hl7.org/fhir/StructureDefinition/CodeableConcept";
	private static final String ADDED_LATER = "https://countyhub.org/fhir/StructureDefinition/added-later";

	/** The core definitions plus what a test adds, counting every question that reaches it. */
	private static final class CountingSupport implements IValidationSupport {
		private final DefaultProfileValidationSupport core = new DefaultProfileValidationSupport(CTX);
		private final PrePopulatedValidationSupport added = new PrePopulatedValidationSupport(CTX);
		private final Map<String, Integer> asked = new ConcurrentHashMap<>();

		@Override
		public FhirContext getFhirContext() {
			return CTX;
		}

		@Override
		public <T extends IBaseResource> T fetchResource(Class<T> type, String url) {
			asked.merge(url, 1, Integer::sum);
			T found = added.fetchResource(type, url);
			return found != null ? found : core.fetchResource(type, url);
		}

		int asked(String url) {
			return asked.getOrDefault(url, 0);
		}

		void add(String url) {
			org.hl7.fhir.r4.model.StructureDefinition definition =
					(org.hl7.fhir.r4.model.StructureDefinition) core.fetchStructureDefinition(CORE_TYPE);
			added.addStructureDefinition(definition.copy().setUrl(url));
		}
	}

	@Test
	void aDefinitionFoundIsFetchedOnceWhileNotFoundIsAskedAgainUntilItExists() {
		CountingSupport support = new CountingSupport();
		RememberingWorkerContext worker = new RememberingWorkerContext(support, Duration.ofMinutes(10));

		StructureDefinition first = worker.fetchResource(StructureDefinition.class, CORE_TYPE);
		assertThat(first.getUrl()).isEqualTo(CORE_TYPE);
		for (int i = 0; i < 5; i++) {
			assertThat(worker.fetchResource(StructureDefinition.class, CORE_TYPE)).isSameAs(first);
		}
		assertThat(support.asked(CORE_TYPE)).isEqualTo(1);

		assertThat(worker.fetchResource(StructureDefinition.class, ADDED_LATER)).isNull();
		assertThat(worker.fetchResource(StructureDefinition.class, ADDED_LATER)).isNull();
		assertThat(support.asked(ADDED_LATER)).isEqualTo(2);
		support.add(ADDED_LATER);
		assertThat(worker.fetchResource(StructureDefinition.class, ADDED_LATER).getUrl()).isEqualTo(ADDED_LATER);
		assertThat(worker.remembered()).isEqualTo(2);
	}

	@Test
	void anAnswerOlderThanItsAgeOrInvalidatedIsFetchedAgain() {
		CountingSupport support = new CountingSupport();
		RememberingWorkerContext ageless = new RememberingWorkerContext(support, Duration.ZERO);
		ageless.fetchResource(StructureDefinition.class, CORE_TYPE);
		ageless.fetchResource(StructureDefinition.class, CORE_TYPE);
		assertThat(support.asked(CORE_TYPE)).isEqualTo(2);

		RememberingWorkerContext worker = new RememberingWorkerContext(support, Duration.ofMinutes(10));
		worker.fetchResource(StructureDefinition.class, CORE_TYPE);
		worker.invalidateCaches();
		assertThat(worker.remembered()).isZero();
		worker.fetchResource(StructureDefinition.class, CORE_TYPE);
		assertThat(support.asked(CORE_TYPE)).isEqualTo(4);
	}
}
