package org.countyhub.server.security.lockout;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When repeated failed sign-ins lock an account ({@code hub.security.lockout.*}, docs/security.md): 等保 2.0
 * level 3 asks for a limit on failed attempts.
 *
 * @param maxFailures failed sign-ins within {@code window} that lock the account (default 5)
 * @param window      how far back failures count (default 15 minutes); a locked account opens again once its
 *                    failures are older than this, or when the security admin unlocks it
 */
@ConfigurationProperties(prefix = "hub.security.lockout")
public record LockoutProperties(
		@DefaultValue("5") int maxFailures,
		@DefaultValue("15m") Duration window) {

	public LockoutProperties {
		if (maxFailures < 1) {
			throw new IllegalArgumentException("hub.security.lockout.max-failures must be at least 1, was " + maxFailures);
		}
		if (window.isNegative() || window.isZero()) {
			throw new IllegalArgumentException("hub.security.lockout.window must be positive, was " + window);
		}
	}
}
