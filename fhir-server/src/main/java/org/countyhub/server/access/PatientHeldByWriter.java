package org.countyhub.server.access;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.util.ResourceUtil;
import java.util.Optional;
import org.countyhub.county.MemberUnit;
import org.countyhub.server.workflow.ActingUnit;
import org.countyhub.server.workflow.StorageRule;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;

/**
 * A Patient record belongs to the unit that keeps it ({@code managingOrganization}): the access rules decide by it.
 * One written without it by a caller acting for one member unit (a unit's system, or a person choosing their unit)
 * is that unit's, so a record is not left open to every unit by an omission. The feeds set it themselves. A
 * caller acting for several units without choosing one leaves it empty; such a record is no unit's own, and the
 * rules show it only for a relationship, consent or break-glass (see {@link PersonAccess} and docs/access.md).
 */
@Component
@Interceptor
class PatientHeldByWriter implements StorageRule {

	private final ActingUnit units;

	PatientHeldByWriter(ActingUnit units) {
		this.units = units;
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = BEFORE_VALIDATION - 20)
	public void beforeCreate(IBaseResource resource, RequestDetails request) {
		hold(resource, request);
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = BEFORE_VALIDATION - 20)
	public void beforeUpdate(IBaseResource previous, IBaseResource resource, RequestDetails request) {
		hold(resource, request);
	}

	private void hold(IBaseResource resource, RequestDetails request) {
		if (!(resource instanceof Patient patient) || patient.getManagingOrganization().hasReference()
				|| ActingUnit.isInternal(request)) {
			return;
		}
		Optional<MemberUnit> unit = units.chosen(request);
		if (unit.isPresent()) {
			patient.setManagingOrganization(new Reference(unit.get().reference()));
			ResourceUtil.clearRawStringFromResource(resource);
		}
	}
}
