package org.countyhub.server.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the access records' background jobs ({@code hub.audit.*}, docs/access.md). How long records are kept
 * is the county's policy ({@code auditRetentionDays} in access-policy.yaml, never below 180 days).
 *
 * @param purgeCheck  how often records older than the retention are removed (behind a checkpoint the chain keeps)
 * @param outboxDrain how often the feed intake records waiting in the outbox are appended to the chain
 */
@ConfigurationProperties(prefix = "hub.audit")
public record AuditProperties(
		@DefaultValue("1h") Duration purgeCheck,
		@DefaultValue("1s") Duration outboxDrain) {

	public AuditProperties {
		if (purgeCheck.isNegative() || purgeCheck.isZero()) {
			throw new IllegalArgumentException("hub.audit.purge-check must be positive, was " + purgeCheck);
		}
		if (outboxDrain.isNegative() || outboxDrain.isZero()) {
			throw new IllegalArgumentException("hub.audit.outbox-drain must be positive, was " + outboxDrain);
		}
	}
}
