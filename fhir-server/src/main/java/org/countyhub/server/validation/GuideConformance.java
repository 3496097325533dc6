package org.countyhub.server.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.mdm.api.MdmConstants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.rest.server.interceptor.ValidationResultEnrichingInterceptor;
import ca.uhn.fhir.util.ExtensionUtil;
import ca.uhn.fhir.util.HapiExtensions;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.countyhub.profiles.HubMsg;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;

/**
 * Enforces the community's guide on every write (HAPI's storage pointcuts, so REST, transactions and the feeds'
 * DAO writes alike), per resource type as {@code hub.validation.*} says. It does what HAPI's
 * RepositoryValidatingInterceptor with "require a profile of the guide, validate to the declared profiles" rules
 * does, with a validator module that reuses its instance validators ({@link PooledInstanceValidator}), and answers
 * a refusal with 422 Unprocessable Entity (FHIR's status for a resource violating the server's profiles) and the
 * validator's OperationOutcome, the first error prefixed with a stable hub code.
 */
@Interceptor
final class GuideConformance {

	/** What the guide demands of one resource type. */
	record TypePolicy(ValidationMode mode, List<String> guideProfiles, boolean mayDeclareNone) {}

	/** The policies' key of the one for every type without its own ({@code hub.validation.other-types}). */
	static final String OTHER_TYPES = "*";

	/**
	 * Types never checked by the other-types policy: the guide's own definitions and terminology (installed from
	 * the package, or a county's edit of them, which HAPI checks itself), and HAPI's and MDM's machinery.
	 */
	private static final Set<String> NOT_CONTENT = Set.of("CodeSystem", "ValueSet", "ConceptMap",
			"StructureDefinition", "SearchParameter", "ImplementationGuide", "NamingSystem", "OperationDefinition",
			"CapabilityStatement", "CompartmentDefinition", "Subscription", "Binary", "Bundle", "Parameters",
			"OperationOutcome");

	/** Set while the hub tags a stored resource it found not conforming: a tag is no content to validate. */
	private static final ThreadLocal<Boolean> TAGGING = new ThreadLocal<>();

	private final FhirContext fhirContext;
	private final FhirValidator validator;
	private final Map<String, TypePolicy> policies;
	private final FeedOutputMode feedOutput;
	/** Where inline feed checks run beside storage; null: on the feed thread, one after the other. */
	private final ChecksBeforeCommit feedChecks;
	private final CheckCost cost;
	/** Whether every terminology change has taken effect ({@link TerminologyChanges#settled()}). */
	private final BooleanSupplier terminologySettled;

	GuideConformance(
			FhirContext fhirContext,
			FhirValidator validator,
			Map<String, TypePolicy> policies,
			FeedOutputMode feedOutput,
			ChecksBeforeCommit feedChecks,
			CheckCost cost,
			BooleanSupplier terminologySettled) {
		this.terminologySettled = terminologySettled;
		this.fhirContext = fhirContext;
		this.validator = validator;
		this.policies = Map.copyOf(policies);
		this.feedOutput = feedOutput;
		this.feedChecks = feedChecks;
		this.cost = cost;
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	void created(RequestDetails request, IBaseResource resource) {
		check(request, null, resource);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	void updated(RequestDetails request, IBaseResource previous, IBaseResource resource) {
		check(request, previous, resource);
	}

	/**
	 * Whether an update leaves the resource as stored: equal in every element, meta.profile, tags and security
	 * labels included; only id, versionId, lastUpdated and source (which message brought it) may differ.
	 */
	static boolean sameContent(IBaseResource previous, IBaseResource resource) {
		if (!(previous instanceof Resource stored) || !(resource instanceof Resource incoming)
				|| !stored.fhirType().equals(incoming.fhirType())) {
			return false;
		}
		Resource a = comparable(stored);
		Resource b = comparable(incoming);
		return a.equalsDeep(b);
	}

	private static Resource comparable(Resource resource) {
		Resource copy = resource.copy();
		copy.setIdElement(null);
		copy.getMeta().setVersionIdElement(null).setLastUpdatedElement(null).setSourceElement(null);
		if (copy.getMeta().isEmpty()) {
			copy.setMeta(null);
		}
		return copy;
	}

	/** @param previous the stored version an update replaces, null for a create */
	private void check(RequestDetails request, IBaseResource previous, IBaseResource resource) {
		if (Boolean.TRUE.equals(TAGGING.get()) || isGoldenRecord(resource)) {
			return;
		}
		TypePolicy policy = policyOf(fhirContext.getResourceType(resource));
		if (policy == null || policy.mode() == ValidationMode.OFF
				|| ExtensionUtil.hasExtension(resource, HapiExtensions.EXT_RESOURCE_PLACEHOLDER)) {
			return;
		}
		if (policy.mode() == ValidationMode.REJECT && !policy.mayDeclareNone() && !declaresOneOf(resource, policy)) {
			String message = HubMsg.code(1101) + fhirContext.getResourceType(resource)
					+ " declares none of the guide's profiles for its type " + policy.guideProfiles();
			throw new UnprocessableEntityException(message, oneError(OperationOutcome.IssueType.PROCESSING, message));
		}
		if (feedOutput != FeedOutputMode.INLINE && FeedWrites.inProgress()) {
			return; // checked after the ACK (FeedOutputBacklog, or on a sample: FeedOutputSample)
		}
		if (previous != null && sameContent(previous, resource)) {
			// A re-sent unchanged record (a duplicate or replayed message, an ADT update that repeats the
			// registration): the stored version was judged when it was written, and this write changes nothing a
			// profile looks at. Validating it again cost ~8 ms per resource when measured (~1 – 2 ms now).
			return;
		}
		if (feedChecks != null && policy.mode() == ValidationMode.REJECT && FeedWrites.inProgress()
				&& resource instanceof Resource written && ChecksBeforeCommit.inTransaction()) {
			// judged before the message's transaction commits, as the same refusal; the copy is the content as it
			// is about to be stored (HAPI goes on changing the original's meta)
			Resource content = written.copy();
			feedChecks.defer(() -> cost.measure(() -> validator.validateWithResult(content)), result -> {
				if (hasErrors(result)) {
					refuse(content, (OperationOutcome) result.toOperationOutcome());
				}
			});
			return;
		}
		ValidationResult result = cost.measure(() -> validator.validateWithResult(resource));
		boolean failed = hasErrors(result);
		if (failed && policy.mode() == ValidationMode.REJECT) {
			refuse(resource, (OperationOutcome) result.toOperationOutcome());
		}
		if (failed) {
			resource.getMeta().addTag().setSystem(HubSystems.VALIDATION_TAG).setCode("failed-profile");
		}
		if (request != null) {
			// warnings travel back to a REST client in the response's OperationOutcome
			ValidationResultEnrichingInterceptor.addValidationResultToRequestDetails(request, result);
		}
	}

	/** Whether writes of this resource type are checked at all ({@code hub.validation.<type>} not off). */
	boolean enforces(String resourceType) {
		TypePolicy policy = policyOf(resourceType);
		return policy != null && policy.mode() != ValidationMode.OFF;
	}

	/** The type's own policy, else the other types' one (null for the guide's definitions and HAPI's machinery). */
	private TypePolicy policyOf(String resourceType) {
		TypePolicy own = policies.get(resourceType);
		if (own != null || NOT_CONTENT.contains(resourceType)) {
			return own;
		}
		return policies.get(OTHER_TYPES);
	}

	/**
	 * Whether this resource, as written, is one the guide is checked on: a type not {@code off}, neither an MDM
	 * golden record nor a HAPI placeholder.
	 */
	boolean judges(IBaseResource resource) {
		return enforces(fhirContext.getResourceType(resource)) && !isGoldenRecord(resource)
				&& !ExtensionUtil.hasExtension(resource, HapiExtensions.EXT_RESOURCE_PLACEHOLDER);
	}

	/** The validator's verdict on a resource against the profiles it declares, nothing stored or refused. */
	ValidationResult validate(IBaseResource resource) {
		return cost.measure(() -> validator.validateWithResult(resource));
	}

	/**
	 * MDM's golden Patient is the hub's own copy of unit Patients that were checked when written; clients cannot
	 * write one (MDM's storage interceptor refuses resources carrying the golden-record tag). Validating it again
	 * cost a fifth of MDM's CPU per new patient.
	 */
	private static boolean isGoldenRecord(IBaseResource resource) {
		return resource.getMeta().getTag(MdmConstants.SYSTEM_GOLDEN_RECORD_STATUS, MdmConstants.CODE_GOLDEN_RECORD)
				!= null;
	}

	/** Runs a tag-only change (meta-add of {@code failed-profile}) without validating the tagged resource. */
	static void tagging(Runnable change) {
		TAGGING.set(Boolean.TRUE);
		try {
			change.run();
		} finally {
			TAGGING.remove();
		}
	}

	static boolean hasErrors(ValidationResult result) {
		return result.getMessages().stream()
				.anyMatch(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal());
	}

	private static boolean declaresOneOf(IBaseResource resource, TypePolicy policy) {
		return resource.getMeta().getProfile().stream()
				.map(IPrimitiveType::getValueAsString)
				.anyMatch(policy.guideProfiles()::contains);
	}

	/**
	 * Refuses the write (422), or, while a terminology change is still being stored, does not answer it (503,
	 * HUB-1301): the failure may be a code the change adds that HAPI has not stored yet.
	 *
	 * @param resource named in the reason when its writer named it ({@link #named})
	 */
	private void refuse(IBaseResource resource, OperationOutcome outcome) {
		if (!terminologySettled.getAsBoolean()) {
			String message = HubMsg.code(1301) + named(resource)
					+ "cannot be judged while a change of the guide's terminology is being stored; retry in a few seconds";
			throw new TerminologyNotSettledException(message, oneError(OperationOutcome.IssueType.TRANSIENT, message));
		}
		OperationOutcome.OperationOutcomeIssueComponent first = outcome.getIssue().stream()
				.filter(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR
						|| i.getSeverity() == OperationOutcome.IssueSeverity.FATAL)
				.findFirst()
				.orElse(outcome.getIssueFirstRep());
		String location = first.getLocation().isEmpty() ? "" : first.getLocation().get(0).getValue() + ": ";
		String message = HubMsg.code(1101) + named(resource) + "does not conform to the community's implementation guide: "
				+ location + first.getDiagnostics();
		first.setDiagnostics(HubMsg.code(1101) + first.getDiagnostics());
		throw new UnprocessableEntityException(message, outcome);
	}

	private static OperationOutcome oneError(OperationOutcome.IssueType type, String message) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(type).setDiagnostics(message);
		return outcome;
	}

	/**
	 * "Organization/WSY09 " for a resource its writer named (a client-assigned id: the registry's units, a PUT by
	 * id); nothing for a server-assigned id (numeric: it may belong to a write this refusal rolls back) or a
	 * transaction placeholder.
	 */
	private static String named(IBaseResource resource) {
		IIdType id = resource.getIdElement();
		if (id == null || !id.hasIdPart() || !id.hasResourceType() || id.getValue().startsWith("urn:")
				|| id.isIdPartValidLong()) {
			return "";
		}
		return id.toUnqualifiedVersionless().getValue() + " ";
	}
}
