package org.countyhub.server.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.interceptor.validation.IRepositoryValidatingRule;
import ca.uhn.fhir.jpa.interceptor.validation.RepositoryValidatingRuleBuilder;
import ca.uhn.fhir.IHapiBootOrder;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.profiles.ImplementationGuideInstaller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Installs the community's guide and then enforces it on every write, per resource type as
 * {@code hub.validation.*} says. The rules register with HAPI's JPA interceptor service (storage pointcuts), not
 * with the REST endpoint, so they apply equally to REST requests, transactions and the feeds' DAO writes made
 * with SystemRequestDetails.
 *
 * <p>Runs when the context is refreshed, in HAPI's slot for registering interceptors: after HAPI has registered its
 * batch job definitions (installing a SearchParameter starts a reindex job) and before the feeds (Camel starts
 * after this) and the member unit registry (an ApplicationRunner) write anything.
 */
@Component
public class ProfileEnforcement {

	private static final Logger log = LoggerFactory.getLogger(ProfileEnforcement.class);

	private final ImplementationGuideInstaller installer;
	private final ValidationProperties properties;
	private final ObjectProvider<RepositoryValidatingRuleBuilder> ruleBuilders;
	private final FhirContext fhirContext;
	private final IInterceptorService interceptorService;
	private final AtomicBoolean started = new AtomicBoolean();
	private volatile List<Object> interceptors = List.of();

	ProfileEnforcement(
			ImplementationGuideInstaller installer,
			ValidationProperties properties,
			ObjectProvider<RepositoryValidatingRuleBuilder> ruleBuilders,
			FhirContext fhirContext,
			IInterceptorService interceptorService) {
		this.installer = installer;
		this.properties = properties;
		this.ruleBuilders = ruleBuilders;
		this.fhirContext = fhirContext;
		this.interceptorService = interceptorService;
	}

	@EventListener(ContextRefreshedEvent.class)
	@Order(IHapiBootOrder.REGISTER_INTERCEPTORS)
	public void start() {
		if (!started.compareAndSet(false, true)) {
			return;
		}
		ImplementationGuideInstaller.InstalledGuide guide = installer.install();
		Map<String, String> onlyProfile = new LinkedHashMap<>();
		RepositoryValidatingRuleBuilder builder = ruleBuilders.getObject();
		properties.byResourceType().forEach((type, mode) -> {
			List<String> profiles = HubSystems.PROFILES_BY_RESOURCE_TYPE.get(type);
			if (profiles == null) {
				throw new IllegalStateException("hub.validation: the guide has no profile for " + type);
			}
			if (mode != ValidationMode.OFF && profiles.size() == 1) {
				onlyProfile.put(type, profiles.get(0));
			}
			switch (mode) {
				case OFF -> {}
				case WARN -> builder.forResourcesOfType(type)
						.requireValidationToDeclaredProfiles()
						.withBestPracticeWarningLevel("Ignore")
						.neverReject()
						.tagOnSeverity(ResultSeverityEnum.ERROR, HubSystems.VALIDATION_TAG, "failed-profile");
				// A type the guide profiles once (Patient, Organization, ImagingStudy) is always held to it. A type
				// with several profiles also carries things the guide does not profile (a plain lab order is a
				// ServiceRequest, a vital sign an Observation): those are held to the profile they declare or are
				// assigned from their category, and otherwise to the base specification only.
				case REJECT -> {
					if (profiles.size() == 1) {
						builder.forResourcesOfType(type)
								.requireAtLeastOneProfileOf(profiles.toArray(String[]::new))
								.and()
								.requireValidationToDeclaredProfiles()
								.withBestPracticeWarningLevel("Ignore")
								.rejectOnSeverity(ResultSeverityEnum.ERROR);
					} else {
						builder.forResourcesOfType(type)
								.requireValidationToDeclaredProfiles()
								.withBestPracticeWarningLevel("Ignore")
								.rejectOnSeverity(ResultSeverityEnum.ERROR);
					}
				}
			}
		});
		List<IRepositoryValidatingRule> rules = builder.build();
		List<Object> registered = List.of(
				new ProfileAssignment(onlyProfile),
				new HubRepositoryValidatingInterceptor(fhirContext, rules),
				new ResidentIdCardCheck(properties.idCardCheckDigit()));
		registered.forEach(interceptorService::registerInterceptor);
		interceptors = registered;
		log.info("Guide {}#{} enforced on writes: {}; profile assigned when undeclared: {}; ID card check digit: {}",
				guide.packageId(), guide.version(), properties.byResourceType(), onlyProfile.keySet(),
				properties.idCardCheckDigit());
	}

	/** Stops enforcing (the benchmark measures ingest with and without validation in one process). */
	public void suspend() {
		interceptors.forEach(interceptorService::unregisterInterceptor);
	}

	/** Enforces again after {@link #suspend()}. */
	public void resume() {
		interceptors.forEach(interceptorService::registerInterceptor);
	}
}
