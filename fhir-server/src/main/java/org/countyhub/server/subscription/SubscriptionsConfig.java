package org.countyhub.server.subscription;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.subscription.match.config.SubscriptionProcessorConfig;
import ca.uhn.fhir.jpa.subscription.match.deliver.email.IEmailSender;
import ca.uhn.fhir.jpa.subscription.match.registry.SubscriptionRegistry;
import ca.uhn.fhir.jpa.subscription.submit.config.SubscriptionSubmitterConfig;
import ca.uhn.fhir.jpa.subscription.submit.interceptor.SubscriptionMatcherInterceptor;
import org.countyhub.profiles.HubMsg;
import org.hl7.fhir.dstu2.model.Subscription.SubscriptionChannelType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * HAPI's subscription pipeline in this process: changes are matched against active Subscriptions and delivered.
 * Message channels carry MDM's work (patient identity); rest-hook channels notify member units' systems. The
 * in-memory channels of {@code SubscriptionChannelConfig} (imported by the JPA configuration) connect the two
 * halves; a broker can replace them when the hub runs on several nodes.
 */
@Configuration
@Import({SubscriptionSubmitterConfig.class, SubscriptionProcessorConfig.class})
@EnableConfigurationProperties(SubscriptionProperties.class)
public class SubscriptionsConfig {

	@Bean
	public SubscriptionSettings subscriptionSettings(SubscriptionProperties properties) {
		SubscriptionSettings settings = new SubscriptionSettings();
		settings.addSupportedSubscriptionType(SubscriptionChannelType.MESSAGE);
		settings.addSupportedSubscriptionType(SubscriptionChannelType.RESTHOOK);
		settings.setSubscriptionIntervalInMs(properties.pollInterval().toMillis());
		// Subscription changes go through the same poll as other changes (HAPI's "queued immediately" mode hands
		// them over before their transaction commits, which fails MDM's own subscription at first start).
		settings.setSubscriptionChangeQueuedImmediately(false);
		return settings;
	}

	/** Only changes some active Subscription can match enter the pipeline (see the class). */
	@Bean
	SubscribedTypesOnly subscribedTypesOnly(
			FhirContext fhirContext, SubscriptionRegistry registry, IInterceptorService interceptors) {
		SubscribedTypesOnly filter = new SubscribedTypesOnly(fhirContext, registry);
		interceptors.registerInterceptor(filter);
		return filter;
	}

	/**
	 * Replaces HAPI's matcher interceptor (same bean name; the imported configuration's definition is overridden)
	 * with one that skips types no Subscription can match before encoding them ({@link UnsubscribedTypesSkipped}).
	 */
	@Bean
	public SubscriptionMatcherInterceptor subscriptionMatcherInterceptor(FhirContext fhirContext,
			SubscribedTypesOnly filter) {
		return new UnsubscribedTypesSkipped(fhirContext, filter);
	}

	/**
	 * HAPI's delivery pipeline wants an e-mail sender even when e-mail subscriptions are off. They are off here
	 * (not a supported channel type, so HAPI rejects such Subscriptions); should one ever reach delivery, it fails
	 * loudly instead of vanishing.
	 */
	@Bean
	public IEmailSender emailSender() {
		return details -> {
			throw new IllegalStateException(HubMsg.code(1201)
					+ "e-mail subscriptions are not enabled on this hub; use a rest-hook subscription");
		};
	}
}
