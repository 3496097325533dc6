package org.countyhub.server.indicators;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.LinkedHashMap;
import java.util.Map;
import org.countyhub.county.UnitType;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.r4.model.Organization;
import org.springframework.stereotype.Component;

/**
 * The member units visits are counted at: every Organization typed with a unit type other than the community
 * itself (the county directory's units, registered at start, and units registered over FHIR), with that type.
 */
@Component
class MemberUnits {

	private final WorkflowStore store;

	MemberUnits(WorkflowStore store) {
		this.store = store;
	}

	/** Unit id → unit-type code. */
	Map<String, String> all() {
		Map<String, String> types = new LinkedHashMap<>();
		named().forEach((id, unit) -> types.put(id, unit.type()));
		return types;
	}

	/** A unit as the figures name it. */
	record Unit(String id, String type, String name) {}

	/** Unit id → the unit. */
	Map<String, Unit> named() {
		SearchParameterMap map = SearchParameterMap.newSynchronous();
		map.add(Organization.SP_TYPE, new TokenParam(HubSystems.UNIT_TYPE, null));
		Map<String, Unit> units = new LinkedHashMap<>();
		for (Organization org : store.search(Organization.class, map)) {
			org.getType().stream().flatMap(t -> t.getCoding().stream())
					.filter(c -> HubSystems.UNIT_TYPE.equals(c.getSystem()))
					.filter(c -> !UnitType.COMMUNITY.code().equals(c.getCode()))
					.findFirst()
					.ifPresent(c -> units.put(org.getIdElement().getIdPart(),
							new Unit(org.getIdElement().getIdPart(), c.getCode(), org.getName())));
		}
		return units;
	}
}
