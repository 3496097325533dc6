package org.countyhub.server.config;

import ca.uhn.fhir.jpa.dao.CacheTagDefinitionDao;
import ca.uhn.fhir.jpa.dao.data.ITagDefinitionDao;
import ca.uhn.fhir.jpa.model.entity.TagDefinition;
import ca.uhn.fhir.jpa.model.entity.TagTypeEnum;
import ca.uhn.fhir.jpa.util.MemoryCacheService;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * HAPI's tag definition lookup (profiles, tags and security labels of stored resources), handing each transaction
 * its own managed TagDefinition instead of the one instance HAPI's memory cache shares between threads.
 *
 * <p>HAPI caches the TagDefinition entity it resolved in one transaction (after that transaction commits, while
 * its session is still open) and gives the same instance to every later transaction. When two transactions that
 * both hold the shared instance in their sessions flush at the same time, Hibernate refuses with "Illegal attempt
 * to associate a collection with two open sessions: TagDefinition.myResourceVersions". Feed transactions whose
 * storage rules read and write mid-transaction (a critical value's loop, a report card) flush while the rest of
 * the message is still in the session, so with several senders at once this happened to most messages (AE
 * HUB-2005; FeedsOnH2Test's eight concurrent senders). The instance found in the cache is replaced by the
 * session's own (a primary-key read the first time in a transaction); a tag created in this transaction is
 * already the session's.
 */
class SessionTagDefinitions extends CacheTagDefinitionDao {

	private final EntityManager entityManager;

	SessionTagDefinitions(ITagDefinitionDao tagDefinitionDao, MemoryCacheService memoryCacheService,
			EntityManagerFactory entityManagerFactory) {
		super(tagDefinitionDao, memoryCacheService);
		this.entityManager = SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory);
	}

	@Override
	protected TagDefinition getTagOrNull(TransactionDetails transactionDetails, TagTypeEnum tagType, String scheme,
			String term, String label, String version, Boolean userSelected) {
		TagDefinition tag = super.getTagOrNull(transactionDetails, tagType, scheme, term, label, version, userSelected);
		if (tag == null || tag.getId() == null || !TransactionSynchronizationManager.isActualTransactionActive()
				|| entityManager.contains(tag)) {
			return tag;
		}
		TagDefinition own = entityManager.find(TagDefinition.class, tag.getId());
		return own == null ? tag : own;
	}
}
