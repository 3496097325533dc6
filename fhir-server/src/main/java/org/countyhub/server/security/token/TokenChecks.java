package org.countyhub.server.security.token;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Objects;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/** What a token must satisfy besides its signature: not expired, the expected issuer, the hub's audience. */
public final class TokenChecks {

	private TokenChecks() {}

	/** For tokens of an external provider: its issuer exactly. */
	public static OAuth2TokenValidator<Jwt> external(String issuer, String audience) {
		return new DelegatingOAuth2TokenValidator<>(
				new JwtTimestampValidator(), new JwtIssuerValidator(issuer), audience(audience));
	}

	/**
	 * For the hub's own tokens: the issuer is the hub as the request addresses it, as the embedded authorization
	 * server writes it when no fixed issuer is configured (so a token minted at {@code http://localhost:<port>} is
	 * valid there, whatever port a test context got).
	 */
	public static OAuth2TokenValidator<Jwt> embedded(String audience) {
		return new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(), TokenChecks::sameServer,
				audience(audience));
	}

	private static OAuth2TokenValidator<Jwt> audience(String audience) {
		return new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, aud -> aud != null && aud.contains(audience));
	}

	private static OAuth2TokenValidatorResult sameServer(Jwt jwt) {
		String expected = requestIssuer();
		String actual = jwt.getIssuer() == null ? null : jwt.getIssuer().toString();
		if (expected != null && Objects.equals(expected, actual)) {
			return OAuth2TokenValidatorResult.success();
		}
		return OAuth2TokenValidatorResult.failure(
				new OAuth2Error("invalid_token", "the token was not issued by this hub (iss)", null));
	}

	private static boolean defaultPort(HttpServletRequest request) {
		return ("http".equals(request.getScheme()) && request.getServerPort() == 80)
				|| ("https".equals(request.getScheme()) && request.getServerPort() == 443);
	}

	/** The embedded authorization server's issuer for the current request: scheme, host, port, context path. */
	public static String requestIssuer() {
		if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
			return null;
		}
		HttpServletRequest request = attributes.getRequest();
		return UriComponentsBuilder.newInstance().scheme(request.getScheme()).host(request.getServerName())
				.port(defaultPort(request) ? -1 : request.getServerPort()).path(request.getContextPath()).build().toUriString();
	}
}
