package org.countyhub.server.security.totp;

import java.util.Collection;
import java.util.Set;
import org.countyhub.server.security.token.Roles;

/** Who needs the TOTP second factor: the three separated admin duties of 等保 2.0 (系统 / 安全 / 审计管理员). */
public final class SecondFactor {

	public static final Set<String> ADMIN_ROLES = Set.of(Roles.SYSTEM_ADMIN, Roles.SECURITY_ADMIN, Roles.AUDITOR);

	private SecondFactor() {}

	/** True when any of these roles (names, or Spring authorities {@code ROLE_<name>}) is an admin role. */
	public static boolean required(Collection<String> roles) {
		return roles.stream().anyMatch(role -> ADMIN_ROLES.contains(role)
				|| ADMIN_ROLES.stream().map(Roles::authority).anyMatch(role::equals));
	}
}
