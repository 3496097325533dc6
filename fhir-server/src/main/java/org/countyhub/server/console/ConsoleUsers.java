package org.countyhub.server.console;

import jakarta.servlet.http.HttpSession;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.countyhub.server.security.token.HubCaller;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;

/** Who is signed in to the console, and the unit they act for (kept in their session). */
@OnEmbeddedSignIn
@Component
public class ConsoleUsers {

	static final String ACTING_UNIT = "console.acting-unit";

	public Optional<ConsoleUser> current(HttpSession session) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !(authentication.getPrincipal() instanceof OidcUser person)) {
			return Optional.empty();
		}
		List<String> units = strings(person.getClaims().get(HubCaller.UNITS_CLAIM));
		List<String> roles = strings(person.getClaims().get(HubCaller.ROLES_CLAIM));
		Object chosen = session == null ? null : session.getAttribute(ACTING_UNIT);
		String acting = chosen != null && units.contains(chosen.toString()) ? chosen.toString()
				: units.size() == 1 ? units.get(0) : null;
		Object fhirUser = person.getClaims().get(HubCaller.FHIR_USER_CLAIM);
		return Optional.of(new ConsoleUser(person.getSubject(), roles, units, acting,
				fhirUser == null ? null : fhirUser.toString()));
	}

	/** Records the unit chosen; false when the person does not act for it. */
	boolean choose(HttpSession session, ConsoleUser user, String unit) {
		if (unit == null || !user.units().contains(unit)) {
			return false;
		}
		session.setAttribute(ACTING_UNIT, unit);
		return true;
	}

	private static List<String> strings(Object claim) {
		return claim instanceof Collection<?> values ? values.stream().map(String::valueOf).toList() : List.of();
	}
}
