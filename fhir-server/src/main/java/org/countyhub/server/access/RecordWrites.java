package org.countyhub.server.access;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.util.FhirTerser;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.countyhub.profiles.HubMsg;
import org.countyhub.server.security.token.HubCaller;
import org.countyhub.server.workflow.ActingUnit;
import org.countyhub.server.workflow.StorageRule;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.springframework.stereotype.Component;

/**
 * Writes obey the 调阅 rules too: a person or unit system writes a record of a patient (create, update, delete,
 * also as one entry of a transaction) only when it may see that patient's records; otherwise 403 {@code HUB-5807}
 * and, in a transaction, nothing of it is stored. AuditEvents are never written through the API ({@code HUB-5810}):
 * the access records are the hub's own. The hub's own writes are not concerned.
 */
@Component
@Interceptor
class RecordWrites implements StorageRule {

	private final PersonAccess access;
	private final boolean enabled;
	private final FhirTerser terser;

	RecordWrites(PersonAccess access, AccessProperties properties, FhirContext fhirContext) {
		this.access = access;
		this.enabled = properties.enabled();
		this.terser = fhirContext.newTerser();
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = BEFORE_VALIDATION - 20)
	public void beforeCreate(IBaseResource resource, RequestDetails request) {
		check(resource, request);
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = BEFORE_VALIDATION - 20)
	public void beforeUpdate(IBaseResource previous, IBaseResource resource, RequestDetails request) {
		if (previous != null) {
			check(previous, request);
		}
		check(resource, request);
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED, order = BEFORE_VALIDATION - 20)
	public void beforeDelete(IBaseResource resource, RequestDetails request) {
		check(resource, request);
	}

	private void check(IBaseResource resource, RequestDetails request) {
		if (resource == null || ActingUnit.isInternal(request)) {
			return;
		}
		Optional<HubCaller> caller = HubCaller.current();
		if (caller.isEmpty()) {
			return;
		}
		if ("AuditEvent".equals(resource.fhirType())) {
			throw new ForbiddenOperationException(HubMsg.code(5810) + "access records (AuditEvent) are the hub's"
					+ " own: they are not written, changed or deleted through the API");
		}
		if (!enabled || access.standing(caller.get()) == PersonAccess.Standing.ALL
				|| "Patient".equals(resource.fhirType())) {
			return;
		}
		for (String patient : patientsOf(resource)) {
			if (access.readPatient(patient).isEmpty()) {
				// not stored before this request (HAPI's referential integrity refuses unknown references)
				continue;
			}
			AccessDecision decision = access.decide(caller.get(), patient);
			if (!decision.allows()) {
				throw new ForbiddenOperationException(HubMsg.code(5807) + "this " + resource.fhirType()
						+ " belongs to a patient whose records the caller may not see (" + decision.rule().code()
						+ "); nothing was stored");
			}
		}
	}

	private Set<String> patientsOf(IBaseResource resource) {
		Set<String> patients = new LinkedHashSet<>();
		for (IIdType owner : terser.getCompartmentOwnersForResource("Patient", resource, Set.<String>of())) {
			if (owner.hasIdPart() && "Patient".equals(owner.getResourceType()) && !owner.isLocal()
					&& !owner.getIdPart().startsWith("urn:")) {
				patients.add("Patient/" + owner.getIdPart());
			}
		}
		return patients;
	}
}
