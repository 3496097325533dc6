package org.countyhub.server.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.support.HubServerTest;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;

/**
 * What the feeds store, judged by the HL7 validator outside the hub: HAPI's {@code FhirInstanceValidator} (the HL7
 * {@code org.hl7.fhir.validation} InstanceValidator) offline, on the R4 core definitions HAPI ships and the
 * guide's package from the class path, with no view of the hub's database or its rules. A message of each feed
 * kind goes over MLLP (the registration with two diagnoses and an allergy); every resource it stored (found by its {@code _source}) must have no error. Findings
 * that only say a code system is unknown to an offline validator are listed apart, in
 * {@code target/conformance/feed-output.txt}.
 */
class StoredOutputConformsTest extends HubServerTest {

	private static final FhirContext CTX = FhirContext.forR4Cached();
	private static final List<String> TYPES = List.of("Patient", "Encounter", "DiagnosticReport", "Observation",
			"Specimen", "ImagingStudy", "Endpoint", "ServiceRequest", "Condition", "AllergyIntolerance");
	/** Findings an offline validator gives for what only a terminology server could judge. */
	private static final Pattern TERMINOLOGY_ONLY = Pattern.compile(
			"(?i)(unknown code ?system|codesystem .* (is unknown|could not be found)|A definition for CodeSystem"
					+ "|terminology server|not be validated|unable to check|was not found in the .*code system)");

	@Test
	void everyResourceAMessageOfEachFeedStoredPassesTheHl7Validator() throws IOException {
		List<String> sources = new ArrayList<>();
		String pdf = Base64.getEncoder().encodeToString("%PDF-1.4\n心电图".getBytes(StandardCharsets.UTF_8));
		String mrn = FeedMessages.unique("M");
		sources.add(sent("XRMYY", FeedMessages.adt("A04", "XRMYY", FeedMessages.unique("C"), mrn,
				FeedMessages.idCard(), "李^四", FeedMessages.unique("V"), "UNICODE UTF-8")
				+ FeedMessages.diagnosesAndAllergy()));
		sources.add(sent("XRMYY", FeedMessages.order(FeedMessages.unique("C"), "XRMYY", mrn,
				FeedMessages.unique("P"), "NW")));
		sources.add(sent("XRMYY", FeedMessages.labResult(FeedMessages.unique("C"), mrn, FeedMessages.unique("P"),
				FeedMessages.unique("F"), FeedMessages.unique("S"), "F", "11.2")));
		sources.add(sent("XRMYY", FeedMessages.imagingReport(FeedMessages.unique("C"), mrn, FeedMessages.unique("P"),
				FeedMessages.unique("F"), "1.2.156.999." + System.nanoTime())));
		sources.add(sent("XRMYY", FeedMessages.ecgReport(FeedMessages.unique("C"), mrn, FeedMessages.unique("F"), pdf)));

		FhirValidator validator = offlineValidator();
		List<String> errors = new ArrayList<>();
		List<String> terminologyOnly = new ArrayList<>();
		int judged = 0;
		for (String source : sources) {
			for (IBaseResource resource : storedFrom(source)) {
				judged++;
				String name = resource.getIdElement().toUnqualifiedVersionless().getValue();
				for (SingleValidationMessage m : validator.validateWithResult(resource).getMessages()) {
					if (m.getSeverity().ordinal() < ResultSeverityEnum.ERROR.ordinal()) {
						continue;
					}
					String line = name + " " + m.getLocationString() + ": " + m.getMessage();
					(TERMINOLOGY_ONLY.matcher(m.getMessage()).find() ? terminologyOnly : errors).add(line);
				}
			}
		}
		Path report = Path.of("target", "conformance", "feed-output.txt");
		Files.createDirectories(report.getParent());
		Files.writeString(report, "resources judged: " + judged + "\nerrors: " + errors.size() + "\n"
				+ String.join("\n", errors) + "\nterminology only: " + terminologyOnly.size() + "\n"
				+ String.join("\n", terminologyOnly) + "\n");
		System.out.printf("HL7 validator on feed output: %d resources, %d errors, %d terminology-only findings (%s)%n",
				judged, errors.size(), terminologyOnly.size(), report.toAbsolutePath());
		assertThat(judged).isGreaterThan(18);
		assertThat(errors).isEmpty();
	}

	/** The message's source URL (unit and control id, as the feeds stamp meta.source), once it is ACKed AA. */
	private String sent(String unit, String message) {
		// sent in the character set its MSH-18 names
		Charset charset = message.split("\r")[0].contains("GB 18030") ? Charset.forName("GB18030") : StandardCharsets.UTF_8;
		MllpClient.Ack ack;
		try (MllpClient mllp = new MllpClient(mllpPort())) {
			ack = mllp.send(message, charset);
		}
		assertThat(ack.code()).as(ack.text()).isEqualTo("AA");
		String controlId = message.split("\r")[0].split("\\|")[9];
		return HubSystems.FEED_SOURCE + unit + "/" + controlId;
	}

	private List<IBaseResource> storedFrom(String source) {
		List<IBaseResource> found = new ArrayList<>();
		for (String type : TYPES) {
			Bundle page = client.search().byUrl(type + "?_source=" + source + "&_count=200")
					.returnBundle(Bundle.class).execute();
			page.getEntry().forEach(e -> found.add(e.getResource()));
		}
		return found;
	}

	private static FhirValidator offlineValidator() throws IOException {
		NpmPackageValidationSupport guide = new NpmPackageValidationSupport(CTX);
		guide.loadPackageFromClasspath("classpath:" + HubSystems.IG_PACKAGE_CLASSPATH);
		ValidationSupportChain chain = new ValidationSupportChain(
				guide,
				new DefaultProfileValidationSupport(CTX),
				new CommonCodeSystemsTerminologyService(CTX),
				new InMemoryTerminologyServerValidationSupport(CTX),
				new SnapshotGeneratingValidationSupport(CTX));
		FhirInstanceValidator module = new FhirInstanceValidator(chain);
		module.setErrorForUnknownProfiles(true);
		return CTX.newValidator().registerValidatorModule(module);
	}
}
