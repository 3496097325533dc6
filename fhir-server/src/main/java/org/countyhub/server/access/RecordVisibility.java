package org.countyhub.server.access;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.util.FhirTerser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.countyhub.server.security.token.HubCaller;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.springframework.stereotype.Component;

/**
 * Whether the caller of a request may see one resource under the 调阅 rules: the caller may see the records of
 * every patient the resource belongs to ({@link PersonAccess}), and every sensitive label it carries is one the
 * decision shows. The one place this is decided: HAPI's consent service asks it for whatever a request returns, and
 * the hub's operations that gather records themselves (the referral packet) ask it before they add a record, so an
 * answer never holds what a plain read would hide. Each patient is decided once per request, and the decision is
 * kept with the request for its access records.
 */
@Component
public class RecordVisibility {

	private final PersonAccess access;
	private final boolean enabled;
	private final FhirTerser terser;

	RecordVisibility(PersonAccess access, AccessProperties properties, FhirContext fhirContext) {
		this.access = access;
		this.enabled = properties.enabled();
		this.terser = fhirContext.newTerser();
	}

	/**
	 * True when the current caller may see the resource; always true with the rules off, for the hub's own
	 * requests (no caller) and for a caller who sees everything.
	 */
	public boolean shows(RequestDetails request, IBaseResource resource) {
		Optional<HubCaller> caller = HubCaller.current();
		if (!enabled || caller.isEmpty() || resource == null
				|| access.standing(caller.get()) == PersonAccess.Standing.ALL) {
			return true;
		}
		return decidedFor(request, caller.get(), resource);
	}

	/** The decision itself, for a caller the rules concern. */
	boolean decidedFor(RequestDetails request, HubCaller caller, IBaseResource resource) {
		List<String> patients = patientsOf(resource);
		if (patients.isEmpty()) {
			return true;
		}
		RequestDecisions decisions = RequestDecisions.of(request).orElse(null);
		for (String patient : patients) {
			AccessDecision decision = decisions == null ? null : decisions.get(patient);
			if (decision == null) {
				decision = access.decide(caller, patient);
				if (decisions != null) {
					decisions.put(patient, decision);
				}
			}
			if (!decision.allows()) {
				return false;
			}
			for (String label : access.sensitiveLabels(resource)) {
				if (!decision.showsLabel(label)) {
					return false;
				}
			}
		}
		return true;
	}

	/** The Patient records a resource belongs to: itself, or the owners of its Patient compartment. */
	private List<String> patientsOf(IBaseResource resource) {
		List<String> patients = new ArrayList<>();
		if ("Patient".equals(resource.fhirType())) {
			IIdType id = resource.getIdElement();
			if (id != null && id.hasIdPart()) {
				patients.add("Patient/" + id.getIdPart());
			}
			return patients;
		}
		for (IIdType owner : terser.getCompartmentOwnersForResource("Patient", resource, Set.<String>of())) {
			if (owner.hasIdPart() && "Patient".equals(owner.getResourceType())) {
				String id = "Patient/" + owner.getIdPart();
				if (!patients.contains(id)) {
					patients.add(id);
				}
			}
		}
		return patients;
	}
}
