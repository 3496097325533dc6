package org.countyhub.server.validation;

import ca.uhn.fhir.context.support.IValidationSupport;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.r5.model.Resource;

/**
 * HAPI's bridge from the HL7 validator to the server's validation support chain, remembering the canonical
 * resources it found. The HL7 validator and its element-model parser ask for the same few definitions again and
 * again while they walk a resource (is {@code string} a resource type? the StructureDefinition of
 * {@code CodeableConcept}, a profile, a value set), and each question went through the chain's cache, a
 * resource-type lookup and a lock on the definition: measured, a twelfth of what checking a lab result cost.
 * An answer is kept for at most {@code maxAge} (the validators that use it are retired after the same time, see
 * {@link PooledInstanceValidator#MAX_AGE}) and until {@link #invalidateCaches()}; "not found" is never kept, so a
 * definition added later is found at once.
 */
final class RememberingWorkerContext extends WorkerContextValidationSupportAdapter {

	private record Question(Class<?> type, String url) {}

	private record Answer(Resource resource, long foundAt) {}

	private final ConcurrentHashMap<Question, Answer> answers = new ConcurrentHashMap<>();
	private final long maxAgeNanos;

	RememberingWorkerContext(IValidationSupport validationSupport, Duration maxAge) {
		super(validationSupport);
		this.maxAgeNanos = maxAge.toNanos();
	}

	@Override
	public <T extends Resource> T fetchResource(Class<T> type, String url) {
		if (type == null || url == null) {
			return super.fetchResource(type, url);
		}
		Question question = new Question(type, url);
		long now = System.nanoTime();
		Answer answer = answers.get(question);
		if (answer != null && now - answer.foundAt() < maxAgeNanos) {
			return type.cast(answer.resource());
		}
		T found = super.fetchResource(type, url);
		if (found != null) {
			answers.put(question, new Answer(found, now));
		} else if (answer != null) {
			answers.remove(question);
		}
		return found;
	}

	@Override
	public void invalidateCaches() {
		answers.clear();
		super.invalidateCaches();
	}

	/** Answers kept now (for tests). */
	int remembered() {
		return answers.size();
	}
}
