package org.countyhub.server.recognition.evaluation;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import org.countyhub.server.recognition.catalog.RecognitionCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the recognition storage rules with HAPI's JPA interceptor service (not the REST server), so they
 * apply to every write: REST, transactions and the feeds.
 */
@Configuration
class RecognitionInterceptorRegistration {

	private static final Logger log = LoggerFactory.getLogger(RecognitionInterceptorRegistration.class);

	@Bean
	RecognitionMarkInterceptor recognitionMarkInterceptor(
			RecognitionEvaluator evaluator, IInterceptorService interceptors) {
		RecognitionMarkInterceptor interceptor = new RecognitionMarkInterceptor(evaluator);
		interceptors.registerInterceptor(interceptor);
		log.info("Recognition: every stored DiagnosticReport, and every Observation that is a catalogue item, "
				+ "is marked recognisable or not (互认状态)");
		return interceptor;
	}

	@Bean
	RecognitionInputsInterceptor recognitionInputsInterceptor(
			RecognitionCatalog catalog,
			UnitQualifications units,
			Reevaluation reevaluation,
			IInterceptorService interceptors) {
		RecognitionInputsInterceptor interceptor = new RecognitionInputsInterceptor(catalog, units, reevaluation);
		interceptors.registerInterceptor(interceptor);
		log.info("Recognition: catalogue, code map and qualification changes take effect on write");
		return interceptor;
	}
}
