package org.countyhub.server.validation;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.Session;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * With {@code feed-output: after-ack}, puts every version a feed message writes on the backlog of checks
 * ({@link OutputCheckTable}), in the message's own database transaction: the rows commit with the data or not at
 * all, so a message that is ACKed always has its check waiting, across a crash or restart.
 *
 * <p>HAPI calls the pre-commit pointcuts only for versions really written: a create whose conditional URL matched
 * an existing record and an update that changes nothing (a duplicate or replayed message, an ADT repeating the
 * registration) do not reach them, so they are not judged again.
 */
@Interceptor
final class FeedOutputQueueing {

	private final GuideConformance conformance;
	private final EntityManagerFactory entityManagerFactory;
	private final FeedOutputBacklog backlog;

	FeedOutputQueueing(GuideConformance conformance, EntityManagerFactory entityManagerFactory, FeedOutputBacklog backlog) {
		this.conformance = conformance;
		this.entityManagerFactory = entityManagerFactory;
		this.backlog = backlog;
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	void created(IBaseResource resource) {
		written(resource);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	void updated(IBaseResource previous, IBaseResource resource) {
		written(resource);
	}

	private void written(IBaseResource resource) {
		if (!FeedWrites.inProgress() || !ChecksBeforeCommit.inTransaction() || !conformance.judges(resource)) {
			return;
		}
		IIdType id = resource.getIdElement();
		if (!id.hasResourceType() || !id.hasIdPart() || !id.hasVersionIdPart() || !id.isVersionIdPartValidLong()) {
			return;
		}
		Batch batch = (Batch) TransactionSynchronizationManager.getResource(this);
		if (batch == null) {
			batch = new Batch();
			TransactionSynchronizationManager.bindResource(this, batch);
			TransactionSynchronizationManager.registerSynchronization(batch);
		}
		batch.written.add(new OutputCheckTable.Written(id.toUnqualifiedVersionless().getValue(),
				id.getVersionIdPartAsLong(), resource instanceof Resource r ? r.getMeta().getSource() : null));
	}

	/** The versions one transaction wrote; added on its own connection just before it commits. */
	private final class Batch implements TransactionSynchronization {
		private final List<OutputCheckTable.Written> written = new ArrayList<>();

		@Override
		public void beforeCommit(boolean readOnly) {
			EntityManager em = EntityManagerFactoryUtils.getTransactionalEntityManager(entityManagerFactory);
			if (em == null) {
				throw new IllegalStateException("no transactional EntityManager to queue the feed's checks on");
			}
			em.unwrap(Session.class).doWork(connection -> OutputCheckTable.add(connection, written));
		}

		@Override
		public void afterCommit() {
			backlog.wake();
		}

		@Override
		public void afterCompletion(int status) {
			TransactionSynchronizationManager.unbindResourceIfPossible(FeedOutputQueueing.this);
		}
	}
}
