package org.countyhub.server.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.Map;
import org.countyhub.server.access.AccessDecision;
import org.countyhub.server.access.RequestDecisions;
import org.countyhub.server.rest.RestInterceptor;
import org.countyhub.server.security.token.HubCaller;
import org.hl7.fhir.r4.model.AuditEvent;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Records what HAPI's BALP interceptor does not: refusals (a FHIR request answered 403, and each patient whose
 * records a request left out because the caller had no reason to see them: one record per patient, rule
 * {@code none}, {@code consent-denied} or {@code role-sees-no-patient}, outcome minor failure), and the patients
 * whose records the hub's own operations ({@code $history-across-units}, {@code $summary}, ...) showed.
 */
@Component
@ConditionalOnProperty(prefix = "hub.access", name = "enabled", havingValue = "true", matchIfMissing = true)
@Interceptor
class RefusalRecorder implements RestInterceptor {

	private final AccessRecorder recorder;
	private final HubAuditEvents events;

	RefusalRecorder(AccessRecorder recorder, HubAuditEvents events) {
		this.recorder = recorder;
		this.events = events;
	}

	@Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
	public boolean refused(RequestDetails request, BaseServerResponseException exception) {
		if (exception.getStatusCode() == 403 && HubCaller.current().isPresent()) {
			String patient = "Patient".equals(request.getResourceName()) && request.getId() != null
					&& request.getId().hasIdPart() ? "Patient/" + request.getId().getIdPart() : null;
			recorder.record(events.event(request, interaction(request), action(request), patient,
					AuditEvent.AuditEventOutcome._4, exception.getMessage()), null);
		}
		hidden(request);
		return true;
	}

	/**
	 * Before the answer leaves: a patient's records shown or left out are on the trail when the caller has them (a
	 * hub that stops right after answering has recorded the access), and a trail that cannot be written answers
	 * nothing. Ordered after HAPI's consent hook and the rules' own ({@code order = 1000}), which decide the last
	 * entries in the same pointcut.
	 */
	@Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = 1100)
	public void beforeAnswer(RequestDetails request) {
		hidden(request);
	}

	/** Answers that pass no outgoing-response hook (no resource to return): recorded once they are done. */
	@Hook(Pointcut.SERVER_PROCESSING_COMPLETED_NORMALLY)
	public void answered(RequestDetails request) {
		hidden(request);
	}

	private void hidden(RequestDetails request) {
		if (request.getUserData().put(RefusalRecorder.class.getName(), Boolean.TRUE) != null) {
			return;
		}
		Map<String, AccessDecision> decisions = RequestDecisions.current().map(RequestDecisions::all).orElse(Map.of());
		java.util.Set<String> recorded = AccessRecorder.recordedInRequest().orElse(java.util.Set.of());
		java.util.List<AuditEvent> shown = new java.util.ArrayList<>();
		java.util.List<org.countyhub.server.access.AccessRule> rules = new java.util.ArrayList<>();
		decisions.forEach((patient, decision) -> {
			if (decision.allows() && !recorded.contains(patient)) {
				shown.add(events.event(request, interaction(request), action(request), patient,
						AuditEvent.AuditEventOutcome._0, null));
				rules.add(null);
			} else if (!decision.allows()) {
				shown.add(events.event(request, interaction(request), action(request), patient,
						AuditEvent.AuditEventOutcome._4, "records of " + patient + " left out: "
								+ decision.rule().code()));
				rules.add(decision.rule());
			}
		});
		recorder.recordAll(shown, rules);
	}

	private static org.hl7.fhir.r4.model.Coding interaction(RequestDetails request) {
		return RestInteractions.of(request);
	}

	private static AuditEvent.AuditEventAction action(RequestDetails request) {
		RestOperationTypeEnum type = request.getRestOperationType();
		if (type == null) {
			return AuditEvent.AuditEventAction.E;
		}
		return switch (type) {
			case CREATE -> AuditEvent.AuditEventAction.C;
			case UPDATE, PATCH -> AuditEvent.AuditEventAction.U;
			case DELETE -> AuditEvent.AuditEventAction.D;
			case READ, VREAD, SEARCH_TYPE, SEARCH_SYSTEM, GET_PAGE, HISTORY_INSTANCE, HISTORY_TYPE -> AuditEvent
					.AuditEventAction.R;
			default -> AuditEvent.AuditEventAction.E;
		};
	}

}
