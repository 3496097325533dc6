package org.countyhub.server.reading;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.ReferenceParam;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/**
 * A reading Task is owned by the centre (an Organization) until a reader claims it; then by the reader's
 * PractitionerRole at that centre. This resolves both ways.
 */
@Component
class ReadingCentres {

	private final WorkflowStore store;

	ReadingCentres(WorkflowStore store) {
		this.store = store;
	}

	/** The centre's Organization reference of a reading Task. */
	Optional<String> centreOf(Task task) {
		Reference owner = task.getOwner();
		if (owner.getReference() == null) {
			return Optional.empty();
		}
		if (owner.getReference().startsWith("Organization/")) {
			return Optional.of(owner.getReference());
		}
		return store.resolve(PractitionerRole.class, owner)
				.map(role -> role.getOrganization().getReference());
	}

	/** Every owner a Task of this centre may have: the centre itself and its readers' roles. */
	List<String> ownersOf(String centreReference) {
		List<String> owners = new ArrayList<>();
		owners.add(centreReference);
		SearchParameterMap roles = new SearchParameterMap();
		roles.add(PractitionerRole.SP_ORGANIZATION, new ReferenceParam(centreReference));
		for (PractitionerRole role : store.search(PractitionerRole.class, roles)) {
			owners.add("PractitionerRole/" + role.getIdElement().getIdPart());
		}
		return owners;
	}
}
