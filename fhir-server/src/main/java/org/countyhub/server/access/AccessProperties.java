package org.countyhub.server.access;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Record-level access settings ({@code hub.access.*}, docs/access.md).
 *
 * @param enabled       the 调阅 rules on every FHIR request of a person or unit system (off: identity and roles only)
 * @param policy        the policy file; empty: the county folder's {@code access-policy.yaml}, or the defaults
 *                      without one
 * @param decisionCache how long a decision on one caller and one person is reused; any write on this hub of what
 *                      the rules read (Patient, Encounter, Consent, Task, ServiceRequest, SupplyRequest, a
 *                      break-glass grant, an MDM link) ends every reuse at once, so this bounds only what another
 *                      hub on the same database changed and the relationship window's end; 0: decide every time
 */
@ConfigurationProperties(prefix = "hub.access")
public record AccessProperties(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("") String policy,
		@DefaultValue("30s") Duration decisionCache) {

	public AccessProperties {
		if (decisionCache.isNegative() || decisionCache.compareTo(Duration.ofMinutes(5)) > 0) {
			throw new IllegalArgumentException("hub.access.decision-cache must be between 0 and 5m, was "
					+ decisionCache);
		}
	}
}
