package org.countyhub.server.validation;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.util.ResourceUtil;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Gives a resource that declares no profile of the guide the one it is meant to conform to, so that a feed or
 * client need not declare what its content already says. Types the guide profiles exactly once (Patient,
 * Organization, ImagingStudy) get that profile; types with several (a DiagnosticReport is a lab, imaging or ECG
 * report) get the one the {@link ProfileRules} read from the content. A resource that declares one of the guide's
 * profiles keeps its own choice. Runs before validation, which then checks the resource against it.
 */
@Interceptor
final class ProfileAssignment {

	/** Before HAPI's repository validating interceptor (order 0). */
	private static final int BEFORE_VALIDATION = -100;

	private final Map<String, String> onlyProfileByType;
	private final Set<String> enforcedTypes;
	private final Set<String> guideProfiles;
	private final ProfileRules rules;

	/**
	 * @param onlyProfileByType the profile of each enforced type that has just one
	 * @param enforcedTypes     the types whose mode is not off (the rules apply only to these)
	 * @param guideProfiles     every profile of the guide (a resource declaring one of them is left alone)
	 */
	ProfileAssignment(Map<String, String> onlyProfileByType, Set<String> enforcedTypes, Set<String> guideProfiles,
			ProfileRules rules) {
		this.onlyProfileByType = Map.copyOf(onlyProfileByType);
		this.enforcedTypes = Set.copyOf(enforcedTypes);
		this.guideProfiles = Set.copyOf(guideProfiles);
		this.rules = rules;
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = BEFORE_VALIDATION)
	void created(IBaseResource resource) {
		assign(resource);
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = BEFORE_VALIDATION)
	void updated(IBaseResource oldResource, IBaseResource newResource) {
		assign(newResource);
	}

	void assign(IBaseResource resource) {
		String type = resource.fhirType();
		if (!enforcedTypes.contains(type)) {
			return;
		}
		boolean declaresGuideProfile = resource.getMeta().getProfile().stream()
				.anyMatch(p -> guideProfiles.contains(p.getValue()));
		if (declaresGuideProfile) {
			return;
		}
		String only = onlyProfileByType.get(type);
		Optional<String> profile = only != null ? Optional.of(only) : rules.profileOf(resource);
		profile.ifPresent(p -> {
			resource.getMeta().addProfile(p);
			// HAPI's validator checks the request body as the client sent it while that is still attached to the
			// resource; dropping it makes the validator see the profile assigned here.
			ResourceUtil.clearRawStringFromResource(resource);
		});
	}
}
