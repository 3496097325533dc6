package org.countyhub.server.identity;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;

/**
 * The member units' names for the history's performing-unit marks, read from their Organizations and kept for a
 * minute: a county has a few dozen units and every history page names several, while a unit is renamed perhaps
 * once in years (a renamed unit shows its new name within the minute).
 */
final class UnitNames {

	private static final Duration KEPT = Duration.ofMinutes(1);
	// bounded by the number of Organizations a history names; cleared whole if it ever grows past this
	private static final int MAX = 2_000;

	private record Name(String display, long readAtNanos) {}

	private final DaoRegistry daoRegistry;
	private final Map<String, Name> names = new ConcurrentHashMap<>();

	UnitNames(DaoRegistry daoRegistry) {
		this.daoRegistry = daoRegistry;
	}

	/** {@code Organization/<id>} with the unit's name as display (none if the Organization cannot be read). */
	Reference reference(String organizationId) {
		long now = System.nanoTime();
		Name name = names.get(organizationId);
		if (name == null || now - name.readAtNanos() > KEPT.toNanos()) {
			if (names.size() >= MAX) {
				names.clear();
			}
			name = new Name(read(organizationId), now);
			names.put(organizationId, name);
		}
		return new Reference("Organization/" + organizationId).setDisplay(name.display());
	}

	private String read(String organizationId) {
		try {
			return daoRegistry.getResourceDao(Organization.class)
					.read(new IdType("Organization", organizationId), new SystemRequestDetails())
					.getName();
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return null;
		}
	}
}
