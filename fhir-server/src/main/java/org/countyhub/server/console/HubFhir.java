package org.countyhub.server.console;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.AdditionalRequestHeadersInterceptor;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import org.countyhub.server.console.signin.ConsoleClient;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.countyhub.server.workflow.ActingUnit;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.stereotype.Component;

/**
 * The hub's own FHIR API as the signed-in person calls it: a HAPI client on the hub's base address, carrying
 * their access token and acting unit, so the console is held to the same rules (and the same audit) as any other
 * caller. A missing or expired token means signing in again ({@link SignInAgain}).
 */
@OnEmbeddedSignIn
@Component
public class HubFhir {

	private final FhirContext fhir;
	private final ConsoleClient consoleClient;
	private final OAuth2AuthorizedClientRepository authorizedClients;
	private final Clock clock;

	HubFhir(ConsoleClient consoleClient, OAuth2AuthorizedClientRepository authorizedClients, Clock clock) {
		this.consoleClient = consoleClient;
		this.authorizedClients = authorizedClients;
		this.clock = clock;
		// a context of its own: the server's context's client settings stay HAPI's
		this.fhir = FhirContext.forR4();
		fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		fhir.getRestfulClientFactory().setConnectTimeout(5_000);
		fhir.getRestfulClientFactory().setSocketTimeout(30_000);
	}

	public IGenericClient client(HttpServletRequest request, ConsoleUser user) {
		IGenericClient client = fhir.newRestfulGenericClient(consoleClient.hubAddress() + "/fhir");
		client.registerInterceptor(new BearerTokenAuthInterceptor(accessToken(request)));
		if (user.actingUnit() != null) {
			AdditionalRequestHeadersInterceptor unit = new AdditionalRequestHeadersInterceptor();
			unit.addHeaderValue(ActingUnit.HEADER, user.actingUnit());
			client.registerInterceptor(unit);
		}
		return client;
	}

	/** The signed-in person's access token, for the hub's endpoints outside {@code /fhir} (CDS Hooks, DICOMweb). */
	public String accessToken(HttpServletRequest request) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		OAuth2AuthorizedClient authorized = authentication == null ? null
				: authorizedClients.loadAuthorizedClient(ConsoleClient.REGISTRATION_ID, authentication, request);
		if (authorized == null || authorized.getAccessToken().getExpiresAt() == null
				|| !authorized.getAccessToken().getExpiresAt().isAfter(clock.instant())) {
			throw new SignInAgain();
		}
		return authorized.getAccessToken().getTokenValue();
	}

	/** Where the console reaches the hub, server to server. */
	public String hubAddress() {
		return consoleClient.hubAddress();
	}

	public FhirContext context() {
		return fhir;
	}

	/** The person's sign-in has to be renewed (token expired or gone); the console starts it again. */
	public static class SignInAgain extends RuntimeException {
		SignInAgain() {
			super("the console's access token is missing or expired");
		}
	}
}
