package org.countyhub.server.subscription;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of HAPI's subscription pipeline ({@code hub.subscriptions.*}), which patient identity (MDM, through
 * message subscriptions) and notifications (rest-hook subscriptions) share.
 *
 * @param pollInterval how often committed changes are handed to the subscription matcher; the delay between a
 *                     write and its MDM link or notification is at most about this long (HAPI's default is 5 s)
 */
@Validated
@ConfigurationProperties(prefix = "hub.subscriptions")
public record SubscriptionProperties(@DefaultValue("1s") Duration pollInterval) {

	public SubscriptionProperties {
		if (pollInterval.isNegative() || pollInterval.isZero()) {
			throw new IllegalArgumentException("hub.subscriptions.poll-interval must be positive");
		}
	}
}
