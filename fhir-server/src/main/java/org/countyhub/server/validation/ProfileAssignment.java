package org.countyhub.server.validation;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Gives a resource of a type the guide profiles exactly once (Patient, Organization, ImagingStudy) that profile
 * when it declares none, so that a feed or client need not declare what cannot be anything else. Runs before
 * validation, which then checks the resource against it. Types with several profiles (a DiagnosticReport is a
 * lab, imaging or ECG report) must declare theirs.
 */
@Interceptor
final class ProfileAssignment {

	/** Before HAPI's repository validating interceptor (order 0). */
	private static final int BEFORE_VALIDATION = -100;

	private final Map<String, String> onlyProfileByType;

	ProfileAssignment(Map<String, String> onlyProfileByType) {
		this.onlyProfileByType = Map.copyOf(onlyProfileByType);
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = BEFORE_VALIDATION)
	void created(IBaseResource resource) {
		assign(resource);
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = BEFORE_VALIDATION)
	void updated(IBaseResource oldResource, IBaseResource newResource) {
		assign(newResource);
	}

	private void assign(IBaseResource resource) {
		String profile = onlyProfileByType.get(resource.fhirType());
		if (profile == null) {
			return;
		}
		List<String> declared = resource.getMeta().getProfile().stream().map(p -> p.getValue()).toList();
		if (!declared.contains(profile)) {
			resource.getMeta().addProfile(profile);
		}
	}
}
