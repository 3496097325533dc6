package org.countyhub.server.subscription;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.subscription.match.matcher.subscriber.SubscriptionCriteriaParser;
import ca.uhn.fhir.jpa.subscription.match.registry.ActiveSubscription;
import ca.uhn.fhir.jpa.subscription.match.registry.SubscriptionRegistry;
import ca.uhn.fhir.jpa.subscription.model.ResourceModifiedMessage;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Lets into HAPI's subscription pipeline only the changes some active Subscription can match: Subscriptions
 * themselves (so that new ones get activated) and the resource types named by the criteria of the active ones —
 * MDM's own message subscriptions (Patient) and the units' rest-hook notifications. HAPI otherwise queues every
 * change: it stores a row per written resource, reads the resource back after commit and matches it against
 * nothing. A lab message writes ten resources of which only the Patient concerns a subscription.
 *
 * <p>HAPI activates and registers a new Subscription a poll or two after it is written, while a client that saw it
 * active may write at once: the types of every Subscription written since start are therefore let through as
 * soon as the Subscription is written, not only once HAPI's registry holds it.
 */
@Interceptor
final class SubscribedTypesOnly {

	private final FhirContext fhirContext;
	private final SubscriptionRegistry registry;
	private final Set<String> writtenTypes = ConcurrentHashMap.newKeySet();
	private volatile boolean writtenMatchesAll;

	SubscribedTypesOnly(FhirContext fhirContext, SubscriptionRegistry registry) {
		this.fhirContext = fhirContext;
		this.registry = registry;
	}

	@Hook(Pointcut.SUBSCRIPTION_RESOURCE_MODIFIED)
	boolean modified(ResourceModifiedMessage message) {
		return mayMatch(type -> message.hasResourceType(fhirContext, type));
	}

	/** Whether a change of this resource type can concern some Subscription (written or active). */
	boolean mayMatch(String resourceType) {
		return mayMatch(resourceType::equals);
	}

	private boolean mayMatch(java.util.function.Predicate<String> isType) {
		return isType.test("Subscription")
				|| writtenMatchesAll
				|| writtenTypes.stream().anyMatch(isType)
				|| anySubscriptionMatches(isType);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	void created(IBaseResource resource) {
		noteSubscription(resource);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	void updated(IBaseResource previous, IBaseResource resource) {
		noteSubscription(resource);
	}

	private void noteSubscription(IBaseResource resource) {
		if (!"Subscription".equals(fhirContext.getResourceType(resource))) {
			return;
		}
		String criteria = fhirContext.newTerser().getSinglePrimitiveValueOrNull(resource, "criteria");
		SubscriptionCriteriaParser.SubscriptionCriteria parsed = SubscriptionCriteriaParser.parse(criteria);
		if (parsed == null || parsed.getType() == SubscriptionCriteriaParser.TypeEnum.STARTYPE_EXPRESSION
				|| parsed.getApplicableResourceTypes() == null) {
			writtenMatchesAll = true;
		} else {
			writtenTypes.addAll(parsed.getApplicableResourceTypes());
		}
	}

	private boolean anySubscriptionMatches(java.util.function.Predicate<String> isType) {
		for (ActiveSubscription active : registry.getAll()) {
			SubscriptionCriteriaParser.SubscriptionCriteria criteria = active.getCriteria();
			// topic-based and "*" subscriptions may match anything
			if (criteria == null || criteria.getType() == SubscriptionCriteriaParser.TypeEnum.STARTYPE_EXPRESSION
					|| criteria.getApplicableResourceTypes() == null) {
				return true;
			}
			for (String type : criteria.getApplicableResourceTypes()) {
				if (isType.test(type)) {
					return true;
				}
			}
		}
		return false;
	}
}
