package org.countyhub.server.validation;

import ca.uhn.fhir.IHapiBootOrder;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.term.api.ITermDeferredStorageSvc;
import ca.uhn.fhir.jpa.validation.ValidatorPolicyAdvisor;
import ca.uhn.fhir.jpa.validation.ValidatorResourceFetcher;
import ca.uhn.fhir.validation.FhirValidator;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.persistence.EntityManagerFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.profiles.ImplementationGuideInstaller;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;
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
	private final IValidationSupport validationSupport;
	private final ValidatorResourceFetcher resourceFetcher;
	private final ValidatorPolicyAdvisor policyAdvisor;
	private final FhirContext fhirContext;
	private final IInterceptorService interceptorService;
	private final AtomicBoolean started = new AtomicBoolean();
	private final DaoRegistry daos;
	private final ObjectProvider<MeterRegistry> meters;
	private volatile List<Object> interceptors = List.of();
	private volatile GuideConformance conformance;
	private volatile FeedOutputSample feedSample;
	private volatile FeedOutputBacklog feedBacklog;
	private final OutputCheckTable outputChecks;
	private final EntityManagerFactory entityManagerFactory;
	private volatile ChecksBeforeCommit feedChecks;
	/** What the checks of every mode cost, shared by each GuideConformance this builds. */
	private final CheckCost checkCost = new CheckCost();
	private volatile Map<String, GuideConformance.TypePolicy> policies = Map.of();
	/** Every validator module built, so that a terminology change reaches what each remembers. */
	private final List<PooledInstanceValidator> modules = new CopyOnWriteArrayList<>();
	private final TerminologyChanges terminology;

	ProfileEnforcement(
			ImplementationGuideInstaller installer,
			ValidationProperties properties,
			IValidationSupport validationSupport,
			ValidatorResourceFetcher resourceFetcher,
			ValidatorPolicyAdvisor policyAdvisor,
			FhirContext fhirContext,
			IInterceptorService interceptorService,
			DaoRegistry daos,
			ObjectProvider<MeterRegistry> meters,
			OutputCheckTable outputChecks,
			EntityManagerFactory entityManagerFactory,
			ITermDeferredStorageSvc deferredTerminologyStorage) {
		this.terminology = new TerminologyChanges(this::terminologyChanged, deferredTerminologyStorage);
		this.outputChecks = outputChecks;
		this.entityManagerFactory = entityManagerFactory;
		this.installer = installer;
		this.properties = properties;
		this.validationSupport = validationSupport;
		this.resourceFetcher = resourceFetcher;
		this.policyAdvisor = policyAdvisor;
		this.fhirContext = fhirContext;
		this.interceptorService = interceptorService;
		this.daos = daos;
		this.meters = meters;
	}

	@EventListener(ContextRefreshedEvent.class)
	@Order(IHapiBootOrder.REGISTER_INTERCEPTORS)
	public void start() {
		if (!started.compareAndSet(false, true)) {
			return;
		}
		ImplementationGuideInstaller.InstalledGuide guide = installer.install();
		Map<String, String> onlyProfile = new LinkedHashMap<>();
		Set<String> enforced = new LinkedHashSet<>();
		Set<String> guideProfiles = new LinkedHashSet<>();
		HubSystems.PROFILES_BY_RESOURCE_TYPE.values().forEach(guideProfiles::addAll);
		ProfileRules.Table table = ProfileRules.readDefault();
		Map<String, GuideConformance.TypePolicy> policies = new LinkedHashMap<>();
		properties.byResourceType().forEach((type, mode) -> {
			List<String> profiles = HubSystems.PROFILES_BY_RESOURCE_TYPE.get(type);
			if (profiles == null) {
				throw new IllegalStateException("hub.validation: the guide has no profile for " + type);
			}
			if (mode != ValidationMode.OFF) {
				enforced.add(type);
				// a type that may stay outside the guide (Condition) gets its one profile by the rules, not always
				if (profiles.size() == 1 && !table.unprofiledTypes().contains(type)) {
					onlyProfile.put(type, profiles.get(0));
				}
			}
			// a type the table lets stay outside the guide (HIS orders) is validated against what it declares,
			// the base specification when nothing
			policies.put(type, new GuideConformance.TypePolicy(mode, profiles, table.unprofiledTypes().contains(type)));
		});
		// every other type the hub stores: the base specification and what it declares
		policies.put(GuideConformance.OTHER_TYPES, new GuideConformance.TypePolicy(properties.otherTypes(), List.of(), true));
		this.policies = policies;
		int checkThreads = properties.feedCheckThreadCount();
		if (properties.feedOutput() == FeedOutputMode.INLINE && checkThreads > 0) {
			feedChecks = new ChecksBeforeCommit(checkThreads, "feed-check", ChecksBeforeCommit.WAIT);
		}
		meters.ifAvailable(checkCost::bindTo);
		conformance = conformanceFor(properties.feedOutput());
		if (properties.feedOutput() == FeedOutputMode.SAMPLED) {
			feedSample = new FeedOutputSample(conformance, daos, properties.feedSampleEvery(), properties.feedCheckShare());
			meters.ifAvailable(feedSample::bindTo);
		}
		List<Object> registered = new ArrayList<>(List.of(
				new ProfileAssignment(onlyProfile, enforced, guideProfiles,
						new ProfileRules(fhirContext, table.rules())),
				conformance,
				new ResidentIdCardCheck(properties.idCardCheckDigit()),
				terminology));
		if (properties.feedOutput() == FeedOutputMode.AFTER_ACK) {
			FeedOutputBacklog backlog = backlogFor(conformance);
			registered.add(queueingFor(conformance, backlog));
			meters.ifAvailable(backlog::bindTo);
			backlog.start();
			feedBacklog = backlog;
		}
		registered.forEach(interceptorService::registerInterceptor);
		interceptors = registered;
		log.info("Guide {}#{} enforced on writes: {}, other types {} (base R4); profile assigned when undeclared: {} (their only one), others by {}; ID card check digit: {}; feed output checked {}",
				guide.packageId(), guide.version(), properties.byResourceType(), properties.otherTypes(),
				onlyProfile.keySet(),
				ProfileRules.DEFAULT_LOCATION,
				properties.idCardCheckDigit(),
				switch (properties.feedOutput()) {
					case INLINE -> "inline" + (feedChecks == null ? "" : ", beside storage on " + checkThreads + " thread(s)");
					case AFTER_ACK -> "after the ACK, every message, within " + Math.round(properties.feedCheckShare() * 100)
							+ " % of a core while feeds are busy";
					case SAMPLED -> "after the ACK, 1 message in " + properties.feedSampleEvery()
							+ " within " + Math.round(properties.feedCheckShare() * 100) + " % of a core";
				});
	}

	/**
	 * The validator the guide is enforced with: HAPI's instance validator on the server's validation support chain,
	 * references resolved and policies as HAPI's repository validation does, best-practice checks off. Its
	 * instance validators are reused; one per concurrent writer is kept (a writer holds a database connection).
	 */
	private FhirValidator newValidator() {
		PooledInstanceValidator module = new PooledInstanceValidator(validationSupport, properties.validatorPool());
		modules.add(module);
		module.setValidatorResourceFetcher(resourceFetcher);
		module.setValidatorPolicyAdvisor(policyAdvisor);
		module.setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);
		FhirValidator validator = fhirContext.newValidator();
		validator.registerValidatorModule(module);
		return validator;
	}

	/**
	 * A feed transaction has committed: with {@code hub.validation.feed-output: sampled} its resources may be
	 * checked now, off the ACK path ({@link FeedOutputSample}); inline, they were checked before commit.
	 */
	public void feedTransactionCommitted(Bundle response) {
		FeedOutputSample sample = feedSample;
		if (sample != null) {
			sample.committed(response);
		}
	}

	/** A checker of the backlog of feed output judged after the ACK, with this rule's validator. */
	FeedOutputBacklog backlogFor(GuideConformance rule) {
		return new FeedOutputBacklog(outputChecks, new StoredOutputCheck(rule, daos), properties.feedCheckShare());
	}

	/** What puts feed output on that backlog, in the writing transaction. */
	FeedOutputQueueing queueingFor(GuideConformance rule, FeedOutputBacklog backlog) {
		return new FeedOutputQueueing(rule, entityManagerFactory, backlog);
	}

	/** The DAOs the checks read stored versions with (for tests that build a checker of their own). */
	DaoRegistry daosForTests() {
		return daos;
	}

	/** Feed checks deferred to commit so far; -1 when they run on the feed thread (for tests). */
	long feedChecksDeferred() {
		ChecksBeforeCommit checks = feedChecks;
		return checks == null ? -1 : checks.deferredCount();
	}

	/**
	 * A CodeSystem, ValueSet or ConceptMap change has committed: the support chain and every validator forget what
	 * they remembered of the terminology, so the next check reads the stored version.
	 */
	private void terminologyChanged() {
		validationSupport.invalidateCaches();
		modules.forEach(PooledInstanceValidator::invalidateCaches);
	}

	/** Whether every terminology change has taken effect for validation (see {@link TerminologyChanges}). */
	public boolean terminologySettled() {
		return terminology.settled();
	}

	/** The rule checking writes against the guide, once started. */
	GuideConformance conformance() {
		return conformance;
	}

	/** The same rule with another treatment of feed writes. */
	GuideConformance conformanceFor(FeedOutputMode feedOutput) {
		return new GuideConformance(fhirContext, newValidator(), policies, feedOutput,
				feedOutput == FeedOutputMode.INLINE ? feedChecks : null, checkCost, terminology::settled);
	}

	@PreDestroy
	void stop() {
		FeedOutputBacklog backlog = feedBacklog;
		if (backlog != null) {
			backlog.shutdown();
		}
		FeedOutputSample sample = feedSample;
		if (sample != null) {
			sample.shutdown();
		}
		ChecksBeforeCommit checks = feedChecks;
		if (checks != null) {
			checks.shutdown();
		}
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
