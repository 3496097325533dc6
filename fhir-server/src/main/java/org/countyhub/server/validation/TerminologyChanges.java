package org.countyhub.server.validation;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.term.api.ITermDeferredStorageSvc;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.ValueSet;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Makes a change of a CodeSystem, ValueSet or ConceptMap (the recognition catalogue a county edits, any of the
 * guide's code systems) take effect for validation at its commit, not minutes later.
 *
 * <p>HAPI stores a CodeSystem's new concepts in the write's transaction (up to
 * {@code JpaStorageSettings#getDeferIndexingForCodesystemsOfSize()} concepts, later ones in the background) and
 * deletes the replaced version's concepts in a background job. Its terminology service finds the current version
 * through the CodeSystem resource the validation support chain caches for ten minutes: until that cache expired,
 * validation kept looking codes up in the replaced version, first without the new codes, then, once the
 * background job had deleted them, without any ("Code is not found in CodeSystem" for a catalogue code). Dropping
 * the chain's and the validators' caches right after the commit makes the next check read the new version, while
 * the replaced one's concepts are still there for checks that started before.
 */
@Interceptor
final class TerminologyChanges {

	private final Runnable dropCaches;
	private final ITermDeferredStorageSvc deferredStorage;
	private final AtomicInteger awaitingCommit = new AtomicInteger();

	/** @param dropCaches drops what the validation support chain and the guide's validators remember */
	TerminologyChanges(Runnable dropCaches, ITermDeferredStorageSvc deferredStorage) {
		this.dropCaches = dropCaches;
		this.deferredStorage = deferredStorage;
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	void created(IBaseResource resource) {
		changed(resource);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	void updated(IBaseResource previous, IBaseResource resource) {
		changed(resource);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
	void deleted(IBaseResource resource) {
		changed(resource);
	}

	/**
	 * Whether every terminology change has taken effect: none is waiting for its commit and HAPI has no concepts
	 * queued to store. Until then a check that fails may be one the hub cannot judge yet. (The replaced version's
	 * concepts are deleted by a batch job that takes minutes to be marked done; checks no longer read them once the
	 * caches are dropped, so that job is not waited for.)
	 */
	boolean settled() {
		return awaitingCommit.get() == 0 && deferredStorage.isStorageQueueEmpty(false);
	}

	private void changed(IBaseResource resource) {
		if (!(resource instanceof CodeSystem || resource instanceof ValueSet || resource instanceof ConceptMap)) {
			return;
		}
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			dropCaches.run();
			return;
		}
		awaitingCommit.incrementAndGet();
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCompletion(int status) {
				try {
					if (status == STATUS_COMMITTED) {
						dropCaches.run();
					}
				} finally {
					awaitingCommit.decrementAndGet();
				}
			}
		});
	}
}
