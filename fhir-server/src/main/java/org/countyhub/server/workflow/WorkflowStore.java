package org.countyhub.server.workflow;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.dao.SearchBuilderFactory;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.api.server.storage.IResourcePersistentId;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The workflow rules' access to the FHIR store: through HAPI's DAOs, so every write the rules make (a Task created
 * for a request, a Slot marked busy, a Provenance) is itself validated, versioned, indexed, matched against
 * Subscriptions, and part of the caller's database transaction.
 *
 * <p>The rules' writes are flushed to the database as they are made, and a create first flushes what the caller's
 * transaction has written so far. HAPI processes a FHIR transaction Bundle with the JPA flush mode COMMIT (to batch
 * its inserts) and calls the pre-commit hooks, where the rules write, still in that mode, where queries do not
 * flush first. A referral Task created by a rule gets its Provenance from the Task's own pre-commit hook, before
 * the Task's row is in the database: HAPI's check that {@code Provenance.target} exists (a query) would not find
 * it and refuse the write with HAPI-1094; likewise a search for the Task of a request would miss one created
 * earlier in the same Bundle. Outside Bundles (flush mode AUTO) Hibernate flushes before such queries itself, so
 * this only does explicitly what a plain POST already does. Reads and searches flush first too: a rule reacting to
 * one entry of a Bundle (a diagnosis) reads another (its Patient) that HAPI has not yet flushed.
 */
@Component
public class WorkflowStore {

	private static final int PAGE = 500;

	private final DaoRegistry daos;
	private final EntityManager entityManager;
	private final SearchBuilderFactory<JpaPid> searchBuilders;
	private final IHapiTransactionService transactions;

	WorkflowStore(DaoRegistry daos, EntityManagerFactory entityManagerFactory,
			SearchBuilderFactory<JpaPid> searchBuilders, IHapiTransactionService transactions) {
		this.daos = daos;
		this.searchBuilders = searchBuilders;
		this.transactions = transactions;
		this.entityManager = SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory);
	}

	@SuppressWarnings("unchecked")
	private <T extends IBaseResource> IFhirResourceDao<T> dao(Class<T> type) {
		return (IFhirResourceDao<T>) daos.getResourceDao(type);
	}

	/** Reads a resource, which may be one the caller's transaction has only just written. */
	public <T extends Resource> T read(Class<T> type, String idOrReference) {
		flush();
		IdType id = new IdType(idOrReference);
		return dao(type).read(new IdType(type.getSimpleName(), id.getIdPart()), new SystemRequestDetails());
	}

	/** The resource a reference points to, if it is of this type and exists. */
	public <T extends Resource> Optional<T> resolve(Class<T> type, Reference reference) {
		if (reference == null || !reference.hasReference()) {
			return Optional.empty();
		}
		IdType id = new IdType(reference.getReference());
		if (!type.getSimpleName().equals(id.getResourceType()) || !id.hasIdPart()) {
			return Optional.empty();
		}
		try {
			return Optional.of(read(type, id.getIdPart()));
		} catch (ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException
				| ca.uhn.fhir.rest.server.exceptions.ResourceGoneException e) {
			return Optional.empty();
		}
	}

	@SuppressWarnings("unchecked")
	public <T extends Resource> List<T> search(Class<T> type, SearchParameterMap map) {
		flush();
		map.setLoadSynchronous(true);
		IBundleProvider found = dao(type).search(map, new SystemRequestDetails());
		if (found.size() != null) {
			return (List<T>) (List<?>) found.getAllResources();
		}
		// HAPI may still hand a large result over as a paged search (HAPI-0464 from getAllResources; seen with a
		// worklist of 500 open Tasks): read it page by page
		List<T> all = new ArrayList<>();
		for (int from = 0;; from += PAGE) {
			List<IBaseResource> page = found.getResources(from, from + PAGE);
			page.forEach(r -> all.add((T) r));
			if (page.size() < PAGE) {
				return all;
			}
		}
	}

	/**
	 * The storage keys of what a search finds, in its order ({@code map}'s sort), without reading the resources:
	 * for an order the database decides, before only a page of them is read ({@link #readAll}).
	 */
	public <T extends Resource> List<IResourcePersistentId<?>> searchKeys(Class<T> type, SearchParameterMap map) {
		flush();
		map.setLoadSynchronous(true);
		return dao(type).searchForIds(map, new SystemRequestDetails());
	}

	/**
	 * These resources, in the order of {@code keys} (one deleted meanwhile is left out): loaded together, as HAPI
	 * loads a search page, not one read and one transaction each (a worklist page of 50 Tasks cost 50 of them).
	 */
	@SuppressWarnings("unchecked")
	public <T extends Resource> List<T> readAll(Class<T> type, List<IResourcePersistentId<?>> keys) {
		flush();
		if (keys.isEmpty()) {
			return List.of();
		}
		List<JpaPid> pids = keys.stream().map(JpaPid.class::cast).toList();
		List<IBaseResource> loaded = transactions.withSystemRequest().read(partition -> searchBuilders
				.newSearchBuilder(type.getSimpleName(), type).loadResourcesByPid(pids, new SystemRequestDetails()));
		List<T> found = new ArrayList<>(loaded.size());
		for (IBaseResource resource : loaded) {
			if (resource != null && ResourceMetadataKeyEnum.DELETED_AT.get((Resource) resource) == null) {
				found.add((T) resource);
			}
		}
		return found;
	}

	/** Creates a resource, which may reference one the caller's transaction has only just written. */
	public <T extends Resource> IIdType create(T resource) {
		flush();
		IIdType id = dao(resourceClass(resource)).create(resource, new SystemRequestDetails()).getId();
		flush();
		return id;
	}

	/**
	 * Updates a resource; when its id carries a version the update only succeeds against that version (409
	 * otherwise), which is what makes claims and bookings safe under concurrency. A concurrent write of the same
	 * resource fails here, at the flush, rather than at commit. Like a create, it first flushes what the caller's
	 * transaction has written, so the resource may reference a record written a moment ago in the same Bundle.
	 */
	public <T extends Resource> T update(T resource, RequestDetails request) {
		RequestDetails details = request == null ? new SystemRequestDetails() : request;
		flush();
		dao(resourceClass(resource)).update(resource, null, true, details);
		flush();
		return resource;
	}

	/** Outside a caller's transaction (an operation) there is nothing pending: each DAO call commits its own. */
	private void flush() {
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			entityManager.flush();
		}
	}

	@SuppressWarnings("unchecked")
	private static <T extends Resource> Class<T> resourceClass(T resource) {
		return (Class<T>) resource.getClass();
	}
}
