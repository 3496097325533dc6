package org.countyhub.server.config;

import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.subscription.match.config.SubscriptionProcessorConfig;
import ca.uhn.fhir.jpa.subscription.match.deliver.email.IEmailSender;
import ca.uhn.fhir.jpa.subscription.submit.config.SubscriptionSubmitterConfig;
import org.countyhub.profiles.HubMsg;
import org.hl7.fhir.dstu2.model.Subscription.SubscriptionChannelType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * HAPI's own subscription machinery, in process: resources written through REST or the feeds are matched
 * against active Subscriptions after commit (in-memory matching, database fallback) and delivered over
 * rest-hook. The workflows (remote reading, referral) notify units this way; nothing home-made sends messages.
 * Message channels (used by MDM) can be added here with {@code addSupportedSubscriptionType(MESSAGE)}.
 */
@Configuration
@Import({SubscriptionSubmitterConfig.class, SubscriptionProcessorConfig.class})
public class SubscriptionConfig {

	@Bean
	public SubscriptionSettings subscriptionSettings() {
		SubscriptionSettings settings = new SubscriptionSettings();
		settings.addSupportedSubscriptionType(SubscriptionChannelType.RESTHOOK);
		return settings;
	}

	/**
	 * HAPI's delivery machinery needs an email sender even when email channels are off. Email Subscriptions are
	 * refused when created (not a supported channel type), so nothing can reach this; if it ever does, it fails
	 * loudly instead of pretending to send.
	 */
	@Bean
	public IEmailSender emailSender() {
		return details -> {
			throw new UnsupportedOperationException(HubMsg.code(5901)
					+ "email subscriptions are not enabled on this hub; use rest-hook");
		};
	}
}
