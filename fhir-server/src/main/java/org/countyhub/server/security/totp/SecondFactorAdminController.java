package org.countyhub.server.security.totp;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.countyhub.server.security.signin.HubUsers;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Enrolment of a user's authenticator app by the security admin ({@code /security/**} needs
 * {@code security-admin}): a new secret, answered once as Base32 and as an {@code otpauth://} link for a QR code,
 * to hand to the user; any earlier secret stops working.
 */
@RestController
@OnEmbeddedSignIn
class SecondFactorAdminController {

	static final String ISSUER = "County Hub";

	private static final Logger log = LoggerFactory.getLogger(SecondFactorAdminController.class);

	private final TotpSecrets secrets;
	private final HubUsers users;

	SecondFactorAdminController(TotpSecrets secrets, HubUsers users) {
		this.secrets = secrets;
		this.users = users;
	}

	@PostMapping("/security/users/{username}/totp")
	ResponseEntity<Map<String, Object>> enrol(@PathVariable String username, Authentication admin) {
		if (users.find(username).isEmpty()) {
			return ResponseEntity.status(404).body(Map.of("username", username, "error", "no such user"));
		}
		String secret = secrets.enrol(username);
		log.info("TOTP secret enrolled for user '{}' by {}", username, admin.getName());
		String label = URLEncoder.encode(ISSUER + ":" + username, StandardCharsets.UTF_8).replace("+", "%20");
		String otpauth = "otpauth://totp/" + label + "?secret=" + secret + "&issuer="
				+ URLEncoder.encode(ISSUER, StandardCharsets.UTF_8).replace("+", "%20") + "&algorithm=SHA1&digits="
				+ Totp.DIGITS + "&period=" + Totp.STEP_SECONDS;
		return ResponseEntity.ok(Map.of("username", username, "secret", secret, "otpauth", otpauth));
	}
}
