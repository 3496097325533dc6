package org.countyhub.server.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.InstantType;

/**
 * The HL7 validator as an outside reviewer runs it: HAPI's {@code FhirInstanceValidator} (the HL7
 * {@code org.hl7.fhir.validation} InstanceValidator) offline, on the R4 core definitions HAPI ships and the guide's
 * package from the class path, with no view of the hub's database or rules. Findings that only say a code system is
 * unknown to an offline validator are kept apart from errors; both are written to {@code target/conformance/}.
 */
public final class OfficialValidator {

	private static final FhirContext CTX = FhirContext.forR4Cached();
	/** Findings an offline validator gives for what only a terminology server could judge. */
	private static final Pattern TERMINOLOGY_ONLY = Pattern.compile(
			"(?i)(unknown code ?system|codesystem .* (is unknown|could not be found)|A definition for CodeSystem"
					+ "|terminology server|not be validated|unable to check|was not found in the .*code system)");

	private final FhirValidator validator;

	public OfficialValidator() {
		NpmPackageValidationSupport guide = new NpmPackageValidationSupport(CTX);
		try {
			guide.loadPackageFromClasspath("classpath:" + HubSystems.IG_PACKAGE_CLASSPATH);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		ValidationSupportChain chain = new ValidationSupportChain(
				guide,
				new DefaultProfileValidationSupport(CTX),
				new CommonCodeSystemsTerminologyService(CTX),
				new InMemoryTerminologyServerValidationSupport(CTX),
				new SnapshotGeneratingValidationSupport(CTX));
		FhirInstanceValidator module = new FhirInstanceValidator(chain);
		module.setErrorForUnknownProfiles(true);
		validator = CTX.newValidator().registerValidatorModule(module);
	}

	/** What the validator found in some stored resources. */
	public record Verdict(int judged, List<String> errors, List<String> terminologyOnly) {}

	/** Judges the resources and writes the findings to {@code target/conformance/<report>.txt}. */
	public Verdict judge(List<IBaseResource> resources, String report) {
		List<String> errors = new ArrayList<>();
		List<String> terminologyOnly = new ArrayList<>();
		for (IBaseResource resource : resources) {
			String name = resource.getIdElement().toUnqualifiedVersionless().getValue();
			for (SingleValidationMessage m : validator.validateWithResult(resource).getMessages()) {
				if (m.getSeverity().ordinal() < ResultSeverityEnum.ERROR.ordinal()) {
					continue;
				}
				String line = name + " " + m.getLocationString() + ": " + m.getMessage();
				(TERMINOLOGY_ONLY.matcher(m.getMessage()).find() ? terminologyOnly : errors).add(line);
			}
		}
		Path file = Path.of("target", "conformance", report + ".txt");
		try {
			Files.createDirectories(file.getParent());
			Files.writeString(file, "resources judged: " + resources.size() + "\nerrors: " + errors.size() + "\n"
					+ String.join("\n", errors) + "\nterminology only: " + terminologyOnly.size() + "\n"
					+ String.join("\n", terminologyOnly) + "\n");
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		System.out.printf("HL7 validator on %s: %d resources, %d errors, %d terminology-only findings (%s)%n",
				report, resources.size(), errors.size(), terminologyOnly.size(), file.toAbsolutePath());
		return new Verdict(resources.size(), errors, terminologyOnly);
	}

	/** Every resource of the types that was written at or after {@code since} (all pages). */
	public static List<IBaseResource> storedSince(IGenericClient client, Instant since, List<String> types) {
		List<IBaseResource> found = new ArrayList<>();
		for (String type : types) {
			Bundle page = client.search().byUrl(type + "?_lastUpdated=ge"
							+ new InstantType(java.util.Date.from(since)).getValueAsString().replace("+", "%2B") + "&_count=200")
					.returnBundle(Bundle.class).execute();
			while (page != null) {
				page.getEntry().forEach(e -> found.add(e.getResource()));
				page = page.getLink(Bundle.LINK_NEXT) == null ? null : client.loadPage().next(page).execute();
			}
		}
		return found;
	}
}
