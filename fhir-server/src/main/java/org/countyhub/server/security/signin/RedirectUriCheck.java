package org.countyhub.server.security.signin;

import java.util.Set;
import java.util.function.Consumer;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;

/**
 * The redirect URI rule of the authorization endpoint. Spring Authorization Server refuses {@code localhost} in a
 * redirect URI (OAuth 2.1 recommends the loopback IP literal); the hub's own console is opened at
 * {@code http://localhost:8080/} on a first start, so for the hub's own clients ({@link #ownClients}, registered by
 * the hub itself from its settings) the requested URI must equal a registered one exactly, localhost included.
 * Every other client keeps the library's rule; the scope rule is unchanged.
 */
final class RedirectUriCheck implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

	private final Set<String> ownClients;

	RedirectUriCheck(Set<String> ownClients) {
		this.ownClients = ownClients;
	}

	@Override
	public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		String clientId = context.getRegisteredClient().getClientId();
		if (ownClients.contains(clientId)) {
			OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
			String requested = request.getRedirectUri();
			if (requested == null || !context.getRegisteredClient().getRedirectUris().contains(requested)) {
				// no redirect to an address that is not the client's: the error is answered to the browser
				throw new OAuth2AuthorizationCodeRequestAuthenticationException(new OAuth2Error(
						OAuth2ErrorCodes.INVALID_REQUEST, "redirect_uri is not one of the client's", null), null);
			}
		} else {
			OAuth2AuthorizationCodeRequestAuthenticationValidator.DEFAULT_REDIRECT_URI_VALIDATOR.accept(context);
		}
		OAuth2AuthorizationCodeRequestAuthenticationValidator.DEFAULT_SCOPE_VALIDATOR.accept(context);
	}
}
