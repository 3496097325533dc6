package org.countyhub.server.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.countyhub.server.rest.RestInterceptor;
import org.countyhub.server.security.token.HubCaller;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Coding;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Records every export (DICOM 110106 Export) before its data leaves: a download (a CSV, or any answer sent as an
 * attachment, such as the figures' {@code figures.csv}) and a bulk export ({@code $export}) being started. A
 * download whose record cannot be stored fails.
 */
@ControllerAdvice
@Interceptor
class ExportRecorder implements ResponseBodyAdvice<Object>, RestInterceptor {

	static final String ACTION_DOWNLOAD = "download";
	static final String ACTION_BULK = "bulk-export";
	private static final Coding EXPORT = new Coding(HubAuditEvents.DCM, "110106", "Export");

	private final AuditTrail trail;
	private final HubAuditEvents events;

	ExportRecorder(AuditTrail trail, HubAuditEvents events) {
		this.trail = trail;
		this.events = events;
	}

	@Override
	public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
			Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
			ServerHttpResponse response) {
		String disposition = response.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION);
		boolean csv = contentType != null && contentType.isCompatibleWith(MediaType.parseMediaType("text/csv"));
		if (csv || (disposition != null && disposition.startsWith("attachment"))) {
			String what = request.getURI().getRawPath()
					+ (request.getURI().getRawQuery() == null ? "" : "?" + request.getURI().getRawQuery());
			AuditEvent event = HubAuditEvents.common(EXPORT, HubAuditEvents.hubEvent(ACTION_DOWNLOAD, "download"),
					AuditEvent.AuditEventAction.R, AuditEvent.AuditEventOutcome._0, null);
			Optional<HubCaller> caller = HubCaller.current();
			String user = caller.map(HubCaller::subject).orElse("anonymous");
			HubAuditEvents.addAgent(event, true, HubAuditContext.USER_SYSTEM, user,
					request.getRemoteAddress() == null ? null : request.getRemoteAddress().getAddress().getHostAddress(),
					true);
			// R4 (sev-1) lets an entity have a name or a query, not both: the query names what left, the file
			// name the answer was sent as goes in the description
			event.addEntity()
					.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object"))
					.setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "24", "Query"))
					.setDescription(disposition)
					.setQuery(what.getBytes(StandardCharsets.UTF_8));
			trail.append(List.of(new AuditTrail.Entry(event, null, user, AccessRecorder.actingUnit(caller),
					ACTION_DOWNLOAD, "0", null)));
		}
		return body;
	}

	/** A bulk export is recorded when it is asked for, before the job starts. */
	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void bulkExport(RequestDetails request) {
		if (!"$export".equals(request.getOperation())) {
			return;
		}
		AuditEvent event = events.event(request, HubAuditEvents.hubEvent(ACTION_BULK, "bulk export"),
				AuditEvent.AuditEventAction.R, null, AuditEvent.AuditEventOutcome._0, null);
		event.setType(EXPORT);
		Optional<HubCaller> caller = HubCaller.current();
		trail.append(List.of(new AuditTrail.Entry(event, null, caller.map(HubCaller::subject).orElse(null),
				AccessRecorder.actingUnit(caller), ACTION_BULK, "0", null)));
	}
}
