package org.countyhub.server.security.token;

import java.util.List;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The verified caller of a request, from its token: who (user or client id), the member units it acts for (their
 * MSH-4 codes), its roles and, for a person, the Practitioner or PractitionerRole it is ({@code fhirUser}).
 */
public record HubCaller(String subject, List<String> units, List<String> roles, String fhirUser) {

	public static final String UNITS_CLAIM = "units";
	public static final String ROLES_CLAIM = "roles";
	public static final String FHIR_USER_CLAIM = "fhirUser";

	public boolean hasRole(String role) {
		return roles.contains(role);
	}

	/** The caller of the request this thread serves, when it presented a valid token. */
	public static Optional<HubCaller> current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return authentication instanceof JwtAuthenticationToken token ? Optional.of(of(token.getToken()))
				: Optional.empty();
	}

	public static HubCaller of(Jwt jwt) {
		return new HubCaller(jwt.getSubject(), strings(jwt, UNITS_CLAIM), strings(jwt, ROLES_CLAIM),
				jwt.getClaimAsString(FHIR_USER_CLAIM));
	}

	private static List<String> strings(Jwt jwt, String claim) {
		List<String> values = jwt.hasClaim(claim) ? jwt.getClaimAsStringList(claim) : null;
		return values == null ? List.of() : List.copyOf(values);
	}
}
