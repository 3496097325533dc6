package org.countyhub.server.security.signin;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.countyhub.server.security.token.Roles;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The people who sign in at the embedded authorization server, in table {@code hub_user}: a password hash, the
 * member units they act for (MSH-4 codes), their roles and the Practitioner or PractitionerRole they are.
 */
public class HubUsers implements UserDetailsService {

	/** One user as stored (without the password). */
	public record HubUser(String username, List<String> units, List<String> roles, String fhirUser) {}

	private final JdbcTemplate jdbc;
	private final PasswordEncoder passwords;

	HubUsers(JdbcTemplate jdbc, PasswordEncoder passwords) {
		this.jdbc = jdbc;
		this.passwords = passwords;
	}

	/**
	 * Creates the user or replaces its password, units, roles and fhirUser. The password must meet the
	 * {@link PasswordPolicy}, except for the demo county's users ({@code demo}).
	 */
	public void save(String username, String password, List<String> units, List<String> roles, String fhirUser,
			boolean demo) {
		for (String role : roles) {
			if (!Roles.ALL.contains(role)) {
				throw new IllegalArgumentException("unknown role '" + role + "' for user " + username);
			}
		}
		if (!demo) {
			PasswordPolicy.check(username, password);
		}
		String hash = passwords.encode(password);
		int updated = jdbc.update("UPDATE hub_user SET password_hash = ?, units = ?, roles = ?, fhir_user = ?, demo = ?"
				+ " WHERE username = ?", hash, String.join(",", units), String.join(",", roles), fhirUser, demo, username);
		if (updated == 0) {
			jdbc.update("INSERT INTO hub_user (username, password_hash, units, roles, fhir_user, demo)"
					+ " VALUES (?, ?, ?, ?, ?, ?)", username, hash, String.join(",", units), String.join(",", roles),
					fhirUser, demo);
		}
	}

	public Optional<HubUser> find(String username) {
		return jdbc.query("SELECT username, units, roles, fhir_user FROM hub_user WHERE username = ?",
				(rs, row) -> new HubUser(rs.getString(1), split(rs.getString(2)), split(rs.getString(3)),
						rs.getString(4)), username).stream().findFirst();
	}

	/** Removes the demo county's users; returns how many there were. */
	int removeDemoUsers() {
		return jdbc.update("DELETE FROM hub_user WHERE demo = ?", true);
	}

	@Override
	public UserDetails loadUserByUsername(String username) {
		return jdbc.query("SELECT username, password_hash, roles FROM hub_user WHERE username = ?",
				(rs, row) -> User.withUsername(rs.getString(1)).password(rs.getString(2))
						.authorities(split(rs.getString(3)).stream().map(Roles::authority).toArray(String[]::new))
						.build(), username).stream().findFirst()
				.orElseThrow(() -> new UsernameNotFoundException("no such user"));
	}

	private static List<String> split(String csv) {
		return csv == null || csv.isBlank() ? List.of() : Arrays.stream(csv.split(",")).map(String::trim).toList();
	}
}
