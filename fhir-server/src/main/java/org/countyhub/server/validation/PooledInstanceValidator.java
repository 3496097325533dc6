package org.countyhub.server.validation;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.validation.IValidationContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.exceptions.FHIRFormatError;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r5.elementmodel.Element;
import org.hl7.fhir.r5.elementmodel.JsonParser;
import org.hl7.fhir.r5.elementmodel.ParserBase.ValidationPolicy;
import org.hl7.fhir.r5.elementmodel.ValidatedFragment;
import org.hl7.fhir.r5.extensions.ExtensionDefinitions;
import org.hl7.fhir.r5.extensions.ExtensionUtilities;
import org.hl7.fhir.r5.fhirpath.IHostApplicationServices;
import org.hl7.fhir.r5.model.ElementDefinition.ElementDefinitionConstraintComponent;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;
import org.hl7.fhir.r5.utils.validation.constants.IdStatus;
import org.hl7.fhir.r5.utils.xver.XVerExtensionManagerOld;
import org.hl7.fhir.utilities.i18n.I18nConstants;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.codesystem.CodingsObserver;
import org.hl7.fhir.validation.instance.InstanceValidator;
import org.hl7.fhir.validation.instance.utils.ValidationContext;

/**
 * HAPI's instance validator module, keeping the HL7 {@link InstanceValidator}s it builds instead of building one per
 * resource. Building one loads the HL7 OID registry (a 1.5 MB CSV) and a FHIRPath engine: measured, that was half
 * of what validating a lab result cost. An InstanceValidator clears its per-validation state at the start of each
 * validation (it is made to validate many resources one after another), so each is used by one thread at a time:
 * a writer takes an idle one or builds one, and gives it back; at most {@code maxIdle} are kept. One thing is not
 * cleared: the validator's codings observer (org.hl7.fhir.core 6.7) keeps every coding it saw, with the element
 * tree around it, for an IPS check the hub does not use; measured, a county load (112,000 resources) through
 * never-retired validators filled a 6 GB heap. That list is emptied after each validation ({@link SeenCodings}),
 * and a validator is retired after {@link #MAX_USES} validations or {@link #MAX_AGE} anyway, or after
 * {@link #MAX_USES_UNCLEARED} validations if a library version no longer lets the list be emptied (rebuilding
 * costs ~25 ms, mostly the OID registry).
 *
 * <p>What it checks is what HAPI's own module checks with the same settings: the resource against the profiles the
 * validation options name and those it declares in {@code meta.profile}; terminology through the server's validation
 * support chain, through a bridge that remembers what it found ({@link RememberingWorkerContext}). Best-practice
 * invariants, whose findings the hub ignores, are not evaluated ({@link IgnoredBestPracticeUnevaluated}).
 */
final class PooledInstanceValidator extends FhirInstanceValidator {

	/** Validations one validator does before it is dropped (see the class comment). */
	static final int MAX_USES = 2_000;

	/** The same when what its codings observer keeps cannot be emptied: that then grows with every validation. */
	static final int MAX_USES_UNCLEARED = 50;

	/**
	 * How long a validator is kept at most, however few its validations: it and its parser remember the profiles
	 * and type definitions they looked up, so a profile changed at run time reaches them within this time (the
	 * server's validation support chain caches for a similar time).
	 */
	static final Duration MAX_AGE = Duration.ofMinutes(10);

	/** One reusable set: the validator and the element-model parser it reads resources with. */
	private static final class Reusable {
		private final InstanceValidator validator;
		private final JsonParser parser;
		private final long builtAt = System.nanoTime();
		private int uses;

		Reusable(InstanceValidator validator, JsonParser parser) {
			this.validator = validator;
			this.parser = parser;
		}

		long ageNanos() {
			return System.nanoTime() - builtAt;
		}

		InstanceValidator validator() {
			return validator;
		}

		JsonParser parser() {
			return parser;
		}
	}

	private final ConcurrentLinkedDeque<Reusable> idle = new ConcurrentLinkedDeque<>();
	private final AtomicInteger built = new AtomicInteger();
	private final int maxIdle;
	private final long maxAgeNanos;

	PooledInstanceValidator(IValidationSupport validationSupport, int maxIdle) {
		this(validationSupport, maxIdle, MAX_AGE);
	}

	/** @param maxAge how long a validator is kept at most (see {@link #MAX_AGE}) */
	PooledInstanceValidator(IValidationSupport validationSupport, int maxIdle, Duration maxAge) {
		super(validationSupport);
		this.maxIdle = maxIdle;
		this.maxAgeNanos = maxAge.toNanos();
		// one bridge to the support chain for all validators, remembering what it found as long as they live
		setWrappedWorkerContext(validationSupport, new RememberingWorkerContext(validationSupport, maxAge));
	}

	@Override
	protected List<ValidationMessage> validate(IValidationContext<?> context) {
		if (context.getResourceAsStringEncoding() != EncodingEnum.JSON) {
			return super.validate(context);
		}
		WorkerContextValidationSupportAdapter worker = provideWorkerContext();
		Reusable reusable = idle.pollFirst();
		if (reusable == null) {
			reusable = build(worker);
		}
		List<ValidationMessage> messages;
		try {
			messages = validateWith(reusable, worker, context);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		// not reached after an exception: a validator that failed half-way is not reused
		int maxUses = SeenCodings.forget(reusable.validator()) ? MAX_USES : MAX_USES_UNCLEARED;
		if (++reusable.uses < maxUses && reusable.ageNanos() < maxAgeNanos && idle.size() < maxIdle) {
			idle.offerFirst(reusable);
		}
		return messages;
	}

	@Override
	public void invalidateCaches() {
		super.invalidateCaches();
		// pooled validators remember the canonical resources they looked up
		idle.clear();
	}

	/** Validators kept for reuse now (for tests). */
	int idleCount() {
		return idle.size();
	}

	/** How many codings each idle validator's observer holds (for tests; -1 when it cannot be reached). */
	List<Integer> idleSeenCodings() {
		return idle.stream().map(r -> {
			List<?> seen = SeenCodings.seen(r.validator());
			return seen == null ? -1 : seen.size();
		}).toList();
	}

	/** Best-practice invariants the idle validators left unevaluated (for tests). */
	int bestPracticeUnevaluated() {
		return idle.stream()
				.mapToInt(r -> ((IgnoredBestPracticeUnevaluated) r.validator()).skipped())
				.sum();
	}

	/** Validators built so far (for tests). */
	int builtCount() {
		return built.get();
	}

	private Reusable build(WorkerContextValidationSupportAdapter worker) {
		built.incrementAndGet();
		InstanceValidator validator = new IgnoredBestPracticeUnevaluated(
				worker,
				Objects.requireNonNullElseGet(getHostApplicationServices(), NullEvaluationContext::new),
				new XVerExtensionManagerOld(worker),
				new ValidatorSession(),
				new ValidatorSettings());
		validator.setAssumeValidRestReferences(isAssumeValidRestReferences());
		validator.setBestPracticeWarningLevel(getBestPracticeWarningLevel());
		validator.setAnyExtensionsAllowed(isAnyExtensionsAllowed());
		validator.setResourceIdRule(IdStatus.OPTIONAL);
		validator.setNoTerminologyChecks(isNoTerminologyChecks());
		validator.setErrorForUnknownProfiles(isErrorForUnknownProfiles());
		// as HAPI's wrapper: its unknown-code-system handling is done by the support chain
		validator.setUnknownCodeSystemsCauseErrors(true);
		validator.getExtensionDomains().addAll(getExtensionDomains());
		validator.setFetcher(getValidatorResourceFetcher());
		validator.setPolicyAdvisor(getValidatorPolicyAdvisor());
		validator.setNoExtensibleWarnings(isNoExtensibleWarnings());
		validator.setNoBindingMsgSuppressed(isNoBindingMsgSuppressed());
		validator.setAllowExamples(isAllowExamples());
		validator.setAllowXsiLocation(true);
		// the parser, too, is costly to build (a FHIRPath engine over every StructureDefinition) and reusable
		JsonParser parser = new TypeRememberingJsonParser(worker);
		parser.setupValidation(ValidationPolicy.EVERYTHING);
		parser.setAllowComments(false);
		return new Reusable(validator, parser);
	}

	/**
	 * An instance validator that does not evaluate a best-practice invariant when best-practice findings are
	 * ignored (as the hub's are): the HL7 validator evaluates it and then drops its outcome without a message and
	 * without changing the verdict. One of them, {@code dom-6} ("a resource should have narrative"), is rewritten by
	 * the validator to compare the whole resource with itself: measured, that was a tenth of what checking a lab
	 * result cost. Every other invariant is evaluated as before.
	 */
	static final class IgnoredBestPracticeUnevaluated extends InstanceValidator {

		/** Used by one thread at a time, like the validator (handed over through the pool's concurrent deque). */
		private int skipped;

		IgnoredBestPracticeUnevaluated(WorkerContextValidationSupportAdapter worker, IHostApplicationServices host,
				XVerExtensionManagerOld xver, ValidatorSession session, ValidatorSettings settings) {
			super(worker, host, xver, session, settings);
		}

		@Override
		public boolean checkInvariant(ValidationContext valContext, List<ValidationMessage> errors, String path,
				StructureDefinition profile, Element resource, Element element, ElementDefinitionConstraintComponent inv) {
			if (getBestPracticeWarningLevel() == BestPracticeWarningLevel.Ignore && bestPractice(inv)) {
				skipped++;
				return true;
			}
			return super.checkInvariant(valContext, errors, path, profile, resource, element, inv);
		}

		/** Best-practice invariants left unevaluated so far (for tests). */
		int skipped() {
			return skipped;
		}

		/** Read as the HL7 validator reads it when it reports one (a constraint has an extension or two, if any). */
		private static boolean bestPractice(ElementDefinitionConstraintComponent inv) {
			return inv.hasExtension(ExtensionDefinitions.EXT_BEST_PRACTICE)
					&& ExtensionUtilities.readBooleanExtension(inv, ExtensionDefinitions.EXT_BEST_PRACTICE);
		}
	}

	/**
	 * The codings an {@link InstanceValidator}'s observer collected during a validation (for an IPS SNOMED check
	 * the hub does not run, and which the validator never clears). The fields are private to org.hl7.fhir.core:
	 * when they cannot be reached (another library version), nothing is emptied and validators are retired sooner.
	 */
	static final class SeenCodings {
		private static final Field OBSERVER = field(InstanceValidator.class, "codingObserver");
		private static final Field LIST = field(CodingsObserver.class, "list");

		private SeenCodings() {}

		/** Whether this library version lets the collected codings be emptied. */
		static boolean forgettable() {
			return OBSERVER != null && LIST != null;
		}

		/** Empties what the validator's observer collected; false when that cannot be done. */
		static boolean forget(InstanceValidator validator) {
			List<?> seen = seen(validator);
			if (seen == null) {
				return false;
			}
			seen.clear();
			return true;
		}

		/** What the validator's observer holds now (for tests); null when it cannot be reached. */
		static List<?> seen(InstanceValidator validator) {
			if (!forgettable()) {
				return null;
			}
			try {
				Object observer = OBSERVER.get(validator);
				return observer == null ? null : (List<?>) LIST.get(observer);
			} catch (IllegalAccessException | ClassCastException e) {
				return null;
			}
		}

		private static Field field(Class<?> type, String name) {
			try {
				Field field = type.getDeclaredField(name);
				field.setAccessible(true);
				return field;
			} catch (ReflectiveOperationException | RuntimeException e) {
				return null;
			}
		}
	}

	/**
	 * The element-model JSON parser, remembering which StructureDefinition a resource type's name resolves to. The
	 * parser looks it up for every resource it reads by scanning every StructureDefinition the context knows (the
	 * core specification's and the guide's): measured, that scan was a fifth of what validating a lab result cost.
	 * The answer only changes when the context's definitions change, and a parser lives no longer than its
	 * validator ({@link #MAX_USES}, {@link #MAX_AGE}, or until {@link #invalidateCaches()}). Names that resolve to
	 * nothing are not remembered, so their error is reported every time.
	 */
	static final class TypeRememberingJsonParser extends JsonParser {
		private final Map<String, StructureDefinition> byName = new HashMap<>();

		TypeRememberingJsonParser(WorkerContextValidationSupportAdapter worker) {
			super(worker);
		}

		@Override
		protected StructureDefinition getDefinition(List<ValidationMessage> errors, int line, int col, String name)
				throws FHIRFormatError {
			StructureDefinition known = byName.get(name);
			if (known != null) {
				return known;
			}
			StructureDefinition found = super.getDefinition(errors, line, col, name);
			if (found != null && !hasLogical()) {
				byName.put(name, found);
			}
			return found;
		}

		/** Type names resolved so far (for tests). */
		int remembered() {
			return byName.size();
		}
	}

	private List<ValidationMessage> validateWith(
			Reusable reusable, WorkerContextValidationSupportAdapter worker, IValidationContext<?> context)
			throws IOException {
		Set<String> profileUrls = new LinkedHashSet<>(context.getOptions().getProfiles());
		if (context.getResource() instanceof IBaseResource resource) {
			resource.getMeta().getProfile().stream()
					.map(IPrimitiveType::getValueAsString)
					.filter(Objects::nonNull)
					.forEach(profileUrls::add);
		}
		List<StructureDefinition> profiles = new ArrayList<>();
		List<ValidationMessage> unknownProfiles = new ArrayList<>();
		for (String url : profileUrls) {
			StructureDefinition profile = worker.fetchResource(StructureDefinition.class, url);
			if (profile != null) {
				profiles.add(profile);
			} else {
				ValidationMessage unknown = new ValidationMessage();
				unknown.setMessageId(I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN);
				unknown.setLevel(ValidationMessage.IssueSeverity.ERROR);
				unknown.setMessage("Invalid profile. Failed to retrieve profile with url=" + url);
				unknownProfiles.add(unknown);
			}
		}
		List<ValidationMessage> messages = new ArrayList<>();
		byte[] json = context.getResourceAsString().getBytes(StandardCharsets.UTF_8);
		// what InstanceValidator.validate(stream) does, with the kept parser: parse, then validate each fragment
		for (ValidatedFragment fragment : reusable.parser().parse(new ByteArrayInputStream(json))) {
			if (fragment.getElement() != null) {
				reusable.validator().validate(context.getOptions().getAppContext(), fragment.getErrors(), null,
						fragment.getElement(), profiles);
			}
			messages.addAll(fragment.getErrors());
		}
		if (profiles.isEmpty()) {
			messages.addAll(unknownProfiles);
		}
		// the same two filters HAPI's wrapper applies: a binding without a source, and the mime-type value set
		messages.removeIf(m -> I18nConstants.TERMINOLOGY_TX_BINDING_NOSOURCE.equals(m.getMessageId())
				|| (I18nConstants.TERMINOLOGY_TX_VALUESET_NOTFOUND.equals(m.getMessageId())
						&& m.getMessage().contains("http://hl7.org/fhir/ValueSet/mimetypes")));
		messages.stream()
				.filter(m -> I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN.equals(m.getMessageId())
						|| I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN_NOT_POLICY.equals(m.getMessageId()))
				.forEach(m -> m.setLevel(isErrorForUnknownProfiles()
						? ValidationMessage.IssueSeverity.ERROR
						: ValidationMessage.IssueSeverity.WARNING));
		return messages;
	}
}
