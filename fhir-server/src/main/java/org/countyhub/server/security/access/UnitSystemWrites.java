package org.countyhub.server.security.access;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.util.FhirTerser;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.countyhub.county.MemberUnit;
import org.countyhub.profiles.HubMsg;
import org.countyhub.server.security.token.HubCaller;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.workflow.ActingUnit;
import org.countyhub.server.workflow.StorageRule;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.springframework.stereotype.Component;

/**
 * A member unit's system writes only its own unit's records: where a record names the unit it belongs to (the
 * paths below), a member unit other than the token's is refused (403) and nothing is stored. People and the
 * hub's own writes are not concerned.
 */
@Component
@Interceptor
public class UnitSystemWrites implements StorageRule {

	/** Where each type names the unit that holds, performed or requested it. */
	static final Map<String, List<String>> OWNER_PATHS = Map.of(
			"Patient", List.of("managingOrganization"),
			"Encounter", List.of("serviceProvider"),
			"DiagnosticReport", List.of("performer"),
			"Observation", List.of("performer"),
			"ServiceRequest", List.of("requester"),
			"ImagingStudy", List.of("referrer"),
			"MedicationRequest", List.of("requester"),
			"MedicationDispense", List.of("performer.actor"),
			"SupplyRequest", List.of("requester"),
			"Organization", List.of("partOf"));

	private final ActingUnit units;
	private final FhirTerser terser;

	UnitSystemWrites(ActingUnit units, FhirContext fhirContext) {
		this.units = units;
		this.terser = fhirContext.newTerser();
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = BEFORE_VALIDATION - 10)
	public void beforeCreate(IBaseResource resource, RequestDetails request) {
		check(resource, request);
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = BEFORE_VALIDATION - 10)
	public void beforeUpdate(IBaseResource previous, IBaseResource resource, RequestDetails request) {
		check(previous, request);
		check(resource, request);
	}

	private void check(IBaseResource resource, RequestDetails request) {
		List<String> paths = OWNER_PATHS.get(resource.fhirType());
		if (paths == null || ActingUnit.isInternal(request)) {
			return;
		}
		Optional<HubCaller> caller = HubCaller.current();
		if (caller.isEmpty() || !caller.get().hasRole(Roles.UNIT_SYSTEM) || caller.get().hasRole(Roles.SYSTEM_ADMIN)) {
			return;
		}
		for (String path : paths) {
			for (IBaseReference reference : terser.getValues(resource, resource.fhirType() + "." + path,
					IBaseReference.class)) {
				IIdType id = reference.getReferenceElement();
				if (id == null || !"Organization".equals(id.getResourceType()) || !id.hasIdPart()) {
					continue;
				}
				Optional<MemberUnit> unit = units.ofOrganization("Organization/" + id.getIdPart());
				if (unit.isPresent() && !caller.get().units().contains(unit.get().code())) {
					throw new ForbiddenOperationException(HubMsg.code(5411) + "a unit system writes only records of"
							+ " its own unit " + caller.get().units() + "; this " + resource.fhirType() + " names "
							+ unit.get().code() + " in " + path);
				}
			}
		}
	}
}
