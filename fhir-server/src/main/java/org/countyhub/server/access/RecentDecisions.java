package org.countyhub.server.access;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.countyhub.server.security.token.HubCaller;
import org.countyhub.server.workflow.StorageRule;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The decisions of the last {@code hub.access.decision-cache} per caller and Patient record, so that a clinician
 * paging through a person's records does not pay the six look-ups of a decision on every request. A write of
 * anything a decision reads ends every reuse: the generation moves on before the write commits and again after,
 * so a decision computed from data read in between is not reused either.
 */
@Component
@Interceptor
class RecentDecisions implements StorageRule {

	private static final Set<String> DECIDING = Set.of("Patient", "Encounter", "Consent", "Task", "ServiceRequest",
			"SupplyRequest");
	private static final int MAX_HELD = 20_000;

	private record Key(String subject, List<String> units, List<String> roles, String patient) {}

	private record Held(AccessDecision decision, long generation, Instant until) {}

	private final Map<Key, Held> held = new ConcurrentHashMap<>();
	private final AtomicLong generation = new AtomicLong();
	private final Clock clock;
	private final java.time.Duration reuse;

	RecentDecisions(Clock clock, AccessProperties properties) {
		this.clock = clock;
		this.reuse = properties.decisionCache();
	}

	AccessDecision decide(HubCaller caller, String patient, Supplier<AccessDecision> decision) {
		if (reuse.isZero()) {
			return decision.get();
		}
		Key key = new Key(caller.subject(), caller.units(), caller.roles(), patient);
		Instant now = clock.instant();
		long current = generation.get();
		Held known = held.get(key);
		if (known != null && known.generation() == current && now.isBefore(known.until())) {
			return known.decision();
		}
		AccessDecision fresh = decision.get();
		if (held.size() >= MAX_HELD) {
			held.clear();
		}
		held.put(key, new Held(fresh, current, now.plus(reuse)));
		return fresh;
	}

	/** Something a decision reads changed: no decision made before is reused. */
	void changed() {
		generation.incrementAndGet();
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					generation.incrementAndGet();
				}
			});
		}
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		written(resource);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource) {
		written(resource);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
	public void deleted(IBaseResource resource) {
		written(resource);
	}

	/** MDM matched a record, or a data steward changed a link: who the person is may have changed. */
	@Hook(Pointcut.MDM_AFTER_PERSISTED_RESOURCE_CHECKED)
	public void matched() {
		changed();
	}

	@Hook(Pointcut.MDM_POST_UPDATE_LINK)
	public void linkChanged() {
		changed();
	}

	@Hook(Pointcut.MDM_POST_CREATE_LINK)
	public void linkCreated() {
		changed();
	}

	@Hook(Pointcut.MDM_POST_MERGE_GOLDEN_RESOURCES)
	public void merged() {
		changed();
	}

	private void written(IBaseResource resource) {
		if (resource != null && DECIDING.contains(resource.fhirType())) {
			changed();
		}
	}
}
