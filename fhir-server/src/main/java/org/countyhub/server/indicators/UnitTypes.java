package org.countyhub.server.indicators;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.countyhub.county.CountyDirectory;
import org.countyhub.county.MemberUnit;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;

/**
 * The type of each unit a figure is counted at (township centre, village clinic, ...): the county directory's,
 * else the type coding of the unit's Organization (a unit registered over FHIR). One instance per computation:
 * it remembers what it has read.
 */
public final class UnitTypes {

	public static final String UNIT = "unit";
	public static final String UNIT_TYPE = "unit-type";

	private final CountyDirectory directory;
	private final WorkflowStore store;
	private final Map<String, String> types = new HashMap<>();

	UnitTypes(CountyDirectory directory, WorkflowStore store) {
		this.directory = directory;
		this.store = store;
	}

	/** The unit id of an Organization reference, if it is one. */
	static Optional<String> unitOf(String reference) {
		if (reference == null) {
			return Optional.empty();
		}
		IdType id = new IdType(reference);
		return "Organization".equals(id.getResourceType()) && id.hasIdPart() ? Optional.of(id.getIdPart())
				: Optional.empty();
	}

	/** The unit-type code, or "unknown". */
	public String typeOf(String unitId) {
		return types.computeIfAbsent(unitId, id -> directory.units().stream()
				.filter(u -> u.id().equals(id)).findFirst().map(MemberUnit::type).map(t -> t.code())
				.or(() -> store.resolve(Organization.class, new org.hl7.fhir.r4.model.Reference("Organization/" + id))
						.flatMap(org -> org.getType().stream().flatMap(t -> t.getCoding().stream())
								.filter(c -> HubSystems.UNIT_TYPE.equals(c.getSystem())).map(c -> c.getCode())
								.findFirst()))
				.orElse("unknown"));
	}

	/** The strata of a fact counted at this unit: the unit and its type. */
	public Map<String, String> strata(String unitId) {
		Map<String, String> in = new HashMap<>();
		if (unitId != null) {
			in.put(UNIT, unitId);
			in.put(UNIT_TYPE, typeOf(unitId));
		}
		return in;
	}
}
