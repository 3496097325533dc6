package org.countyhub.server.audit;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditContextServices;
import java.util.Optional;
import org.countyhub.server.security.token.HubCaller;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Who the BALP records name: the user (token subject, with the fhirUser as display) and the client (the OAuth
 * client the token was issued to) as identifiers, not as references, since test users and unit systems have no
 * Practitioner or Device resource of their own.
 */
@Component
class HubAuditContext implements IBalpAuditContextServices {

	static final String USER_SYSTEM = "https://countyhub.org/fhir/sid/hub-user";
	static final String CLIENT_SYSTEM = "https://countyhub.org/fhir/sid/oauth-client";
	static final String UNIT_SYSTEM = "https://countyhub.org/fhir/sid/member-unit";

	@Override
	public Reference getAgentClientWho(RequestDetails request) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		String client = null;
		if (authentication instanceof JwtAuthenticationToken token) {
			client = Optional.ofNullable(token.getToken().getClaimAsString("azp"))
					.orElse(token.getToken().getClaimAsString("client_id"));
			if (client == null && token.getToken().getAudience() != null) {
				client = token.getToken().getSubject();
			}
		}
		String value = client == null ? "unknown" : client;
		return new Reference().setIdentifier(new Identifier().setSystem(CLIENT_SYSTEM).setValue(value))
				.setDisplay(value);
	}

	@Override
	public Reference getAgentUserWho(RequestDetails request) {
		Optional<HubCaller> caller = HubCaller.current();
		String subject = caller.map(HubCaller::subject).orElse("anonymous");
		return new Reference().setIdentifier(new Identifier().setSystem(USER_SYSTEM).setValue(subject))
				.setDisplay(caller.map(HubCaller::fhirUser).orElse(subject));
	}
}
