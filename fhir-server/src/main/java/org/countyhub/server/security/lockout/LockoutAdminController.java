package org.countyhub.server.security.lockout;

import java.util.Map;
import org.countyhub.server.security.signin.HubUsers;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The security admin's view of locked accounts (URL rule: {@code /security/**} needs {@code security-admin}):
 * which users are locked now, and unlocking one (its failures forgotten).
 */
@RestController
@OnEmbeddedSignIn
class LockoutAdminController {

	private static final Logger log = LoggerFactory.getLogger(LockoutAdminController.class);

	private final SignInFailures failures;
	private final HubUsers users;

	LockoutAdminController(SignInFailures failures, HubUsers users) {
		this.failures = failures;
		this.users = users;
	}

	@GetMapping("/security/locked-users")
	Map<String, Object> locked() {
		return Map.of("locked", failures.lockedUsers());
	}

	@PostMapping("/security/users/{username}/unlock")
	ResponseEntity<Map<String, Object>> unlock(@PathVariable String username, Authentication admin) {
		if (users.find(username).isEmpty()) {
			return ResponseEntity.status(404).body(Map.of("username", username, "error", "no such user"));
		}
		boolean wasLocked = failures.locked(username);
		int cleared = failures.clear(username);
		log.info("Sign-in of user '{}' unlocked by {} ({} failures forgotten)", username, admin.getName(), cleared);
		return ResponseEntity.ok(Map.of("username", username, "wasLocked", wasLocked, "failuresForgotten", cleared));
	}
}
