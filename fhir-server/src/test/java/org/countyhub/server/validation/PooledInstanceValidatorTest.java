package org.countyhub.server.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pooled validator finds exactly what HAPI's own instance validator finds, for valid and broken resources,
 * whichever resource a reused validator saw before and with several writers at once.
 */
class PooledInstanceValidatorTest {

	private static final FhirContext CTX = FhirContext.forR4Cached();
	private static FhirValidator hapi;
	private static FhirValidator pooled;
	private static PooledInstanceValidator pool;
	private static ValidationSupportChain chain;

	@BeforeAll
	static void buildValidators() throws Exception {
		NpmPackageValidationSupport guide = new NpmPackageValidationSupport(CTX);
		guide.loadPackageFromClasspath("classpath:" + HubSystems.IG_PACKAGE_CLASSPATH);
		chain = new ValidationSupportChain(
				guide,
				new DefaultProfileValidationSupport(CTX),
				new CommonCodeSystemsTerminologyService(CTX),
				new InMemoryTerminologyServerValidationSupport(CTX),
				new SnapshotGeneratingValidationSupport(CTX));
		FhirInstanceValidator reference = new FhirInstanceValidator(chain);
		reference.setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);
		hapi = CTX.newValidator().registerValidatorModule(reference);
		pool = new PooledInstanceValidator(chain, 3);
		pool.setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);
		pooled = CTX.newValidator().registerValidatorModule(pool);
	}

	@Test
	void findsWhatHapisValidatorFindsOnValidAndBrokenResources() {
		List<Resource> resources = samples();
		// twice: the second round runs on validators that already validated other resources
		for (int round = 0; round < 2; round++) {
			for (Resource resource : resources) {
				assertThat(messages(pooled, resource)).as(label(resource)).isEqualTo(messages(hapi, resource));
			}
		}
		assertThat(messages(pooled, brokenPatient())).anyMatch(m -> m.contains("Patient.gender"));
		assertThat(pool.idleCount()).isBetween(1, 3);
		// the validators asked the support chain through the bridge that remembers its answers
		assertThat(pool.getWorkerContext()).isInstanceOf(RememberingWorkerContext.class);
		assertThat(((RememberingWorkerContext) pool.getWorkerContext()).remembered()).isPositive();
	}

	@Test
	void bestPracticeInvariantsAreLeftUnevaluatedOnlyWhereTheirFindingsAreIgnored() {
		Observation noNarrative = GuideExamples.read("Observation-example-lab-glu.json", Observation.class);
		noNarrative.setText(null);
		// ignored (the hub's setting): not evaluated, and the findings are HAPI's
		assertThat(messages(pooled, noNarrative)).isEqualTo(messages(hapi, noNarrative));
		assertThat(pool.bestPracticeUnevaluated()).isPositive();
		// reported as warnings: evaluated, and dom-6 is reported as HAPI reports it
		FhirInstanceValidator reference = new FhirInstanceValidator(chain);
		reference.setBestPracticeWarningLevel(BestPracticeWarningLevel.Warning);
		PooledInstanceValidator warningPool = new PooledInstanceValidator(chain, 1);
		warningPool.setBestPracticeWarningLevel(BestPracticeWarningLevel.Warning);
		List<String> expected = messages(CTX.newValidator().registerValidatorModule(reference), noNarrative);
		assertThat(expected).anyMatch(m -> m.contains("dom-6"));
		assertThat(messages(CTX.newValidator().registerValidatorModule(warningPool), noNarrative)).isEqualTo(expected);
		assertThat(warningPool.bestPracticeUnevaluated()).isZero();
	}

	@Test
	void concurrentWritersGetTheirOwnValidatorsAndTheSameAnswers() throws Exception {
		List<Resource> resources = samples();
		List<List<String>> expected = resources.stream().map(r -> messages(hapi, r)).toList();
		ExecutorService writers = Executors.newFixedThreadPool(4);
		try {
			List<Future<Boolean>> results = new ArrayList<>();
			for (int writer = 0; writer < 4; writer++) {
				int offset = writer;
				results.add(writers.submit(() -> {
					for (int i = 0; i < resources.size() * 2; i++) {
						int index = (i + offset) % resources.size();
						if (!messages(pooled, resources.get(index)).equals(expected.get(index))) {
							return false;
						}
					}
					return true;
				}));
			}
			for (Future<Boolean> result : results) {
				assertThat(result.get()).isTrue();
			}
		} finally {
			writers.shutdown();
		}
		// no more kept than configured, however many wrote at once
		assertThat(pool.idleCount()).isBetween(1, 3);
	}

	@Test
	void whatAValidatorKeepsOfTheCodingsItSawIsEmptiedAfterEachValidationAndItIsRetiredAfterItsUses() {
		// the library in use lets the hub empty the list (if an upgrade breaks this, validators are retired after
		// MAX_USES_UNCLEARED validations instead, and this test says so)
		assertThat(PooledInstanceValidator.SeenCodings.forgettable()).isTrue();
		PooledInstanceValidator own = new PooledInstanceValidator(pool.getValidationSupport(), 3);
		FhirValidator validator = CTX.newValidator().registerValidatorModule(own);
		Patient patient = GuideExamples.read("Patient-example-zhang.json", Patient.class);
		Observation glucose = GuideExamples.read("Observation-example-lab-glu.json", Observation.class);
		for (int i = 0; i < 2 * PooledInstanceValidator.MAX_USES + 1; i++) {
			assertThat(validator.validateWithResult(i % 2 == 0 ? patient : glucose).isSuccessful()).isTrue();
		}
		// one writer: one validator at a time, a new one after every MAX_USES validations
		assertThat(own.builtCount()).isEqualTo(3);
		assertThat(own.idleCount()).isEqualTo(1);
		assertThat(own.idleSeenCodings()).containsExactly(0);
	}

	@Test
	void aValidatorOlderThanItsMaximumAgeIsNotKeptSoThatAChangedProfileReachesTheChecks() {
		PooledInstanceValidator own = new PooledInstanceValidator(pool.getValidationSupport(), 3, Duration.ZERO);
		FhirValidator validator = CTX.newValidator().registerValidatorModule(own);
		Patient patient = GuideExamples.read("Patient-example-zhang.json", Patient.class);
		for (int i = 0; i < 3; i++) {
			assertThat(validator.validateWithResult(patient).isSuccessful()).isTrue();
		}
		assertThat(own.builtCount()).isEqualTo(3);
		assertThat(own.idleCount()).isZero();
	}

	@Test
	void theParserResolvesEachResourceTypeOnceAndReadsResourcesAsHapisParserDoes() throws Exception {
		DiagnosticReport report = GuideExamples.read("DiagnosticReport-example-lab.json", DiagnosticReport.class);
		Observation contained = GuideExamples.read("Observation-example-lab-glu.json", Observation.class);
		contained.setId("glu");
		report.addContained(contained);
		report.addResult().setReference("#glu");
		List<Resource> resources = List.of(report, brokenPatient(),
				GuideExamples.read("Observation-example-lab-glu.json", Observation.class), report);
		PooledInstanceValidator.TypeRememberingJsonParser remembering =
				new PooledInstanceValidator.TypeRememberingJsonParser(pool.getWorkerContext());
		for (Resource resource : resources) {
			byte[] json = CTX.newJsonParser().encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8);
			org.hl7.fhir.r5.elementmodel.Element read = remembering.parse(new ByteArrayInputStream(json)).get(0).getElement();
			org.hl7.fhir.r5.elementmodel.Element expected = new org.hl7.fhir.r5.elementmodel.JsonParser(pool.getWorkerContext())
					.parse(new ByteArrayInputStream(json)).get(0).getElement();
			assertThat(read.getProperty().getStructure()).isSameAs(expected.getProperty().getStructure());
			assertThat(read.equalsDeep(expected)).as(label(resource)).isTrue();
		}
		// DiagnosticReport, Observation (contained, then alone), Patient
		assertThat(remembering.remembered()).isEqualTo(3);
	}

	private static List<Resource> samples() {
		List<Resource> resources = new ArrayList<>(GuideExamples.all());
		resources.add(brokenPatient());
		DiagnosticReport noPerformer = GuideExamples.read("DiagnosticReport-example-lab.json", DiagnosticReport.class);
		noPerformer.getPerformer().clear();
		resources.add(noPerformer);
		Observation noTime = GuideExamples.read("Observation-example-lab-glu.json", Observation.class);
		noTime.setEffective(null);
		resources.add(noTime);
		Task onHold = GuideExamples.read("Task-example-referral.json", Task.class);
		onHold.setStatus(Task.TaskStatus.ONHOLD);
		resources.add(onHold);
		return resources;
	}

	private static Patient brokenPatient() {
		Patient patient = GuideExamples.read("Patient-example-zhang.json", Patient.class);
		patient.setGender(null);
		return patient;
	}

	private static List<String> messages(FhirValidator validator, Resource resource) {
		return validator.validateWithResult(resource).getMessages().stream()
				.map(PooledInstanceValidatorTest::describe)
				.sorted()
				.toList();
	}

	private static String describe(SingleValidationMessage m) {
		return m.getSeverity() + " " + m.getLocationString() + " " + m.getMessage();
	}

	private static String label(Resource resource) {
		return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
	}
}
