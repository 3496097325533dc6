package org.countyhub.server.workflow;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Registers every {@link StorageRule} bean with HAPI's storage interceptor service and says which at start. */
@Component
class StorageRuleRegistration {

	private static final Logger log = LoggerFactory.getLogger(StorageRuleRegistration.class);

	StorageRuleRegistration(IInterceptorService interceptors, List<StorageRule> rules) {
		for (StorageRule rule : rules) {
			interceptors.registerInterceptor(rule);
		}
		log.info("Workflow storage rules active: {}", rules.stream().map(r -> r.getClass().getSimpleName()).toList());
	}
}
