package org.countyhub.server.workflow;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * The workflow rules' access to the FHIR store: through HAPI's DAOs, so every write the rules make (a Task created
 * for a request, a Slot marked busy, a Provenance) is itself validated, versioned, indexed, matched against
 * Subscriptions, and part of the caller's database transaction.
 */
@Component
public class WorkflowStore {

	private final DaoRegistry daos;

	WorkflowStore(DaoRegistry daos) {
		this.daos = daos;
	}

	@SuppressWarnings("unchecked")
	private <T extends IBaseResource> IFhirResourceDao<T> dao(Class<T> type) {
		return (IFhirResourceDao<T>) daos.getResourceDao(type);
	}

	public <T extends Resource> T read(Class<T> type, String idOrReference) {
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
		map.setLoadSynchronous(true);
		return (List<T>) (List<?>) dao(type).search(map, new SystemRequestDetails()).getAllResources();
	}

	public <T extends Resource> IIdType create(T resource) {
		return dao(resourceClass(resource)).create(resource, new SystemRequestDetails()).getId();
	}

	/**
	 * Updates a resource; when its id carries a version the update only succeeds against that version (409
	 * otherwise), which is what makes claims and bookings safe under concurrency.
	 */
	public <T extends Resource> T update(T resource, RequestDetails request) {
		RequestDetails details = request == null ? new SystemRequestDetails() : request;
		dao(resourceClass(resource)).update(resource, null, true, details);
		return resource;
	}

	@SuppressWarnings("unchecked")
	private static <T extends Resource> Class<T> resourceClass(T resource) {
		return (Class<T>) resource.getClass();
	}
}
