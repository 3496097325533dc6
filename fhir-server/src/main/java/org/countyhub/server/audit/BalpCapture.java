package org.countyhub.server.audit;

import ca.uhn.fhir.storage.interceptor.balp.BalpAuditCaptureInterceptor;
import org.countyhub.server.rest.RestInterceptor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * HAPI's IHE BALP interceptor on the FHIR endpoint: one AuditEvent per patient for every read, search, create,
 * update and delete of a person or unit system that returned or touched patient data, handed to the
 * {@link AccessRecorder}. It runs after the 调阅 rules, so it records what was shown; refusals are recorded by
 * {@link RefusalRecorder}.
 */
@Component
@ConditionalOnProperty(prefix = "hub.access", name = "enabled", havingValue = "true", matchIfMissing = true)
class BalpCapture extends BalpAuditCaptureInterceptor implements RestInterceptor {

	BalpCapture(AccessRecorder recorder, HubAuditContext context) {
		super(recorder, context);
	}
}
