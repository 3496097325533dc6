package org.countyhub.server.audit;

import java.util.List;
import org.countyhub.server.security.totp.SecondFactorChecked;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Coding;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationEvent;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Records every sign-in at the embedded authorization server, successful or not (DICOM 110114 User
 * Authentication, subtype 110122 Login): the password on the login page, the 动态验证码 step, and an OAuth client
 * authenticating at the token endpoint (client credentials, or the console exchanging its code). The record is
 * appended before the sign-in completes, so a sign-in whose record cannot be stored fails. Bearer tokens checked on
 * each API request are not sign-ins and are not recorded here (the request's own record names the token's user).
 */
@Component
class SignInRecorder {

	static final String ACTION_LOGIN = "login";
	static final String ACTION_CLIENT = "client-login";
	static final String ACTION_SECOND_FACTOR = "second-factor";

	private final AuditTrail trail;

	SignInRecorder(AuditTrail trail) {
		this.trail = trail;
	}

	@EventListener
	public void authentication(AbstractAuthenticationEvent event) {
		boolean success = event instanceof AuthenticationSuccessEvent;
		if (!success && !(event instanceof AbstractAuthenticationFailureEvent)) {
			return; // the interactive success event repeats the password step's
		}
		Authentication who = event.getAuthentication();
		if (who instanceof UsernamePasswordAuthenticationToken) {
			record(ACTION_LOGIN, true, HubAuditContext.USER_SYSTEM, who.getName(), success, "password");
		} else if (who instanceof OAuth2ClientAuthenticationToken client) {
			String id = client.getRegisteredClient() != null ? client.getRegisteredClient().getClientId()
					: String.valueOf(client.getPrincipal());
			record(ACTION_CLIENT, false, HubAuditContext.CLIENT_SYSTEM, id, success,
					"client " + client.getClientAuthenticationMethod().getValue());
		}
	}

	@EventListener
	public void secondFactor(SecondFactorChecked event) {
		record(ACTION_SECOND_FACTOR, true, HubAuditContext.USER_SYSTEM, event.user(), event.accepted(), "TOTP code");
	}

	private void record(String action, boolean person, String system, String name, boolean success, String how) {
		AuditEvent.AuditEventOutcome outcome = success ? AuditEvent.AuditEventOutcome._0
				: AuditEvent.AuditEventOutcome._4;
		AuditEvent event = HubAuditEvents.common(new Coding(HubAuditEvents.DCM, "110114", "User Authentication"),
				new Coding(HubAuditEvents.DCM, "110122", "Login"), AuditEvent.AuditEventAction.E, outcome,
				(success ? "signed in" : "sign-in refused") + " (" + how + ")");
		String value = name == null || name.isBlank() ? "(empty)" : name.replaceAll("\\p{Cntrl}", "?");
		HubAuditEvents.addAgent(event, person, system, value, remoteAddress(), true);
		trail.append(List.of(new AuditTrail.Entry(event, null, value, null, action, outcome.toCode(), null)));
	}

	static String remoteAddress() {
		return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes servlet
				? servlet.getRequest().getRemoteAddr() : null;
	}
}
