package org.countyhub.server.recognition.evaluation;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;

/**
 * Writes the recognition status on every DiagnosticReport as it is stored, created or updated (a correction is
 * an update and is judged again), and on every Observation whose own code is a catalogue item (a single result
 * such as a potassium sent without a report; see {@link RecognitionEvaluator#mark(Observation)}). Registered
 * with the JPA interceptor service, so results from the feeds are marked exactly like those posted over REST.
 */
@Interceptor
public class RecognitionMarkInterceptor {

	private final RecognitionEvaluator evaluator;

	RecognitionMarkInterceptor(RecognitionEvaluator evaluator) {
		this.evaluator = evaluator;
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		mark(resource);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource) {
		mark(resource);
	}

	private void mark(IBaseResource resource) {
		if (resource instanceof DiagnosticReport report) {
			evaluator.mark(report);
		} else if (resource instanceof Observation observation) {
			evaluator.mark(observation);
		}
	}
}
