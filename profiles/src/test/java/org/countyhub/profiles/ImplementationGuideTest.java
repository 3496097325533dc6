package org.countyhub.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The guide as the build produced it (ig/countyhub-ig.tgz): every example is valid against its profile and the
 * base specification, validated offline with HAPI's validator (core definitions from
 * hapi-fhir-validation-resources-r4); an invalid example fails the build. Deliberately broken copies of the
 * examples show that the profiles' rules are really enforced.
 */
class ImplementationGuideTest {

	private static final FhirContext CTX = FhirContext.forR4Cached();
	private static FhirValidator validator;
	private static NpmPackageValidationSupport guide;

	@BeforeAll
	static void loadGuide() throws IOException {
		guide = new NpmPackageValidationSupport(CTX);
		guide.loadPackageFromClasspath("classpath:" + HubSystems.IG_PACKAGE_CLASSPATH);
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

	@TestFactory
	Stream<DynamicTest> everyExampleIsValid() throws Exception {
		List<Path> examples = examples();
		assertThat(examples).hasSizeGreaterThan(20);
		return examples.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
			IBaseResource resource = CTX.newJsonParser().parseResource(Files.readString(file));
			assertThat(errors(resource)).as(file.getFileName().toString()).isEmpty();
		}));
	}

	/** The reform indicators' definitions (Measure-*.json): valid, each group with populations and the unit stratifiers. */
	@TestFactory
	Stream<DynamicTest> everyIndicatorMeasureIsValid() throws Exception {
		Path folder = Path.of(ImplementationGuideTest.class.getResource("/ig/package").toURI());
		List<Path> measures;
		try (Stream<Path> files = Files.list(folder)) {
			measures = files.filter(f -> f.getFileName().toString().startsWith("Measure-")).sorted().toList();
		}
		assertThat(measures).hasSize(6);
		return measures.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
			org.hl7.fhir.r4.model.Measure measure =
					CTX.newJsonParser().parseResource(org.hl7.fhir.r4.model.Measure.class, Files.readString(file));
			assertThat(errors(measure)).as(file.getFileName().toString()).isEmpty();
			assertThat(measure.getGroup()).allSatisfy(g -> {
				assertThat(g.getPopulation()).isNotEmpty();
				assertThat(g.getStratifier()).extracting(s -> s.getCode().getText()).contains("unit", "unit-type");
			});
		}));
	}

	@Test
	void everyProfileHasAnExample() throws Exception {
		Set<String> declared = new TreeSet<>();
		for (Path file : examples()) {
			Resource resource = (Resource) CTX.newJsonParser().parseResource(Files.readString(file));
			resource.getMeta().getProfile().forEach(p -> declared.add(p.getValue()));
		}
		Set<String> profiles = guide.fetchAllStructureDefinitions().stream()
				.map(StructureDefinition.class::cast)
				.filter(sd -> sd.getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE)
				.map(StructureDefinition::getUrl)
				.collect(Collectors.toCollection(TreeSet::new));
		assertThat(profiles).hasSize(18);
		assertThat(declared).containsAll(profiles);
	}

	@Test
	void everyUrlInHubSystemsThatNamesAConformanceResourceIsInTheGuide() throws Exception {
		Set<String> canonicals = new TreeSet<>();
		guide.fetchAllConformanceResources().forEach(r -> canonicals.add(((MetadataResource) r).getUrl()));
		List<String> missing = new ArrayList<>();
		for (Field field : HubSystems.class.getFields()) {
			if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
				String value = (String) field.get(null);
				// the hub's own canonicals only; terminology.hl7.org and the like are the base spec's business
				boolean conformance = value.startsWith(HubSystems.CANONICAL_BASE)
						&& (value.contains("/StructureDefinition/") || value.contains("/CodeSystem/")
								|| value.contains("/ValueSet/"));
				if (conformance && !canonicals.contains(value)) {
					missing.add(field.getName() + " = " + value);
				}
			}
		}
		assertThat(missing).isEmpty();
		for (String unit : List.of("XRMYY", "XZYY", "WSY01", "WSY02", "CWS0101")) {
			String file = "/ig/package/ConceptMap-items-" + unit + ".json";
			try (InputStream in = ImplementationGuideTest.class.getResourceAsStream(file)) {
				assertThat(in).as(file).isNotNull();
				ConceptMap map = CTX.newJsonParser().parseResource(ConceptMap.class, in);
				assertThat(map.getUrl()).isEqualTo(HubSystems.unitItemMap(unit));
				assertThat(map.getSourceUriType().getValue()).isEqualTo(HubSystems.unitItemCodes(unit));
				assertThat(errors(map)).as(file).isEmpty();
			}
		}
	}

	@Test
	void catalogueHasAtLeastThirtyItemsEachWithCategoryValidityAndLevel() {
		CodeSystem catalogue = (CodeSystem) guide.fetchCodeSystem(HubSystems.RECOGNITION_CATALOGUE);
		assertThat(catalogue.getConcept()).hasSizeGreaterThanOrEqualTo(30);
		for (CodeSystem.ConceptDefinitionComponent item : catalogue.getConcept()) {
			Set<String> properties = item.getProperty().stream()
					.map(CodeSystem.ConceptPropertyComponent::getCode)
					.collect(Collectors.toSet());
			assertThat(properties).as(item.getCode()).contains("category", "validity-days", "level");
		}
	}

	@Test
	void idCardOfWrongShapeBreaksTheInvariant() throws Exception {
		Patient patient = example("Patient-example-zhang.json", Patient.class);
		patient.getIdentifierFirstRep().setValue("33012219680312042x");
		assertThat(errors(patient)).anyMatch(m -> m.contains("hub-pat-1"));
	}

	@Test
	void referralTaskOnHoldIsNotAnAllowedState() throws Exception {
		Task task = example("Task-example-referral.json", Task.class);
		task.setStatus(Task.TaskStatus.ONHOLD);
		assertThat(errors(task)).anyMatch(m -> m.contains("on-hold") && m.contains("referral-task-status"));
	}

	@Test
	void rejectedReferralMustSayWhy() throws Exception {
		Task task = example("Task-example-referral.json", Task.class);
		task.setStatus(Task.TaskStatus.REJECTED);
		assertThat(errors(task)).anyMatch(m -> m.contains("hub-rt-1"));
	}

	@Test
	void labReportWithoutPerformingUnitIsInvalid() throws Exception {
		DiagnosticReport report = example("DiagnosticReport-example-lab.json", DiagnosticReport.class);
		report.getPerformer().clear();
		assertThat(errors(report)).anyMatch(m -> m.contains("DiagnosticReport.performer"));
	}

	@Test
	void notRecognisedDecisionWithoutStatutoryReasonIsInvalid() throws Exception {
		Observation decision = example("Observation-example-decision-not-recognised.json", Observation.class);
		decision.getComponent().remove(1);
		assertThat(errors(decision)).anyMatch(m -> m.contains("hub-rd-1"));
	}

	@Test
	void ecgMeasurementOutsideUcumIsInvalid() throws Exception {
		Observation qt = example("Observation-example-ecg-qt.json", Observation.class);
		qt.setValue(new Quantity().setValue(384).setUnit("毫秒"));
		assertThat(errors(qt)).anyMatch(m -> m.contains("hub-ecgm-1"));
	}

	@Test
	void recognitionStatusWithoutReasonForNotRecognisableIsInvalid() throws Exception {
		DiagnosticReport report = example("DiagnosticReport-example-imaging.json", DiagnosticReport.class);
		report.getExtensionByUrl(HubSystems.RECOGNITION_STATUS_EXTENSION).getExtension()
				.removeIf(e -> e.getUrl().equals("reason"));
		assertThat(errors(report)).anyMatch(m -> m.contains("hub-rs-1"));
	}

	@Test
	void diagnosisWithoutCodeOrTextIsInvalid() throws Exception {
		Condition diagnosis = example("Condition-example-diabetes.json", Condition.class);
		diagnosis.setCode(new CodeableConcept().addCoding(new Coding().setDisplay("糖尿病")));
		assertThat(errors(diagnosis)).anyMatch(m -> m.contains("hub-dx-1"));
	}

	@Test
	void nationalEditionCodeOfWrongShapeIsInvalid() throws Exception {
		Condition diagnosis = example("Condition-example-diabetes.json", Condition.class);
		diagnosis.getCode().getCoding().get(1).setCode("2型糖尿病");
		assertThat(errors(diagnosis)).anyMatch(m -> m.contains("hub-dx-2"));
	}

	@Test
	void diagnosisOfAnotherCategoryIsNotAnEncounterDiagnosis() throws Exception {
		Condition diagnosis = example("Condition-example-diabetes.json", Condition.class);
		diagnosis.getCategoryFirstRep().getCodingFirstRep().setCode("problem-list-item");
		assertThat(errors(diagnosis)).anyMatch(m -> m.contains("Condition.category"));
	}

	@Test
	void allergyWithoutAllergenIsInvalid() throws Exception {
		AllergyIntolerance allergy = example("AllergyIntolerance-example-penicillin.json", AllergyIntolerance.class);
		allergy.setCode(null);
		assertThat(errors(allergy)).anyMatch(m -> m.contains("AllergyIntolerance.code"));
	}

	@Test
	void checkCharacterFollowsIso7064Mod112() {
		assertThat(ResidentIdCard.checkCharacter("11010519491231002")).isEqualTo('X');
		assertThat(ResidentIdCard.isValid("11010519491231002X")).isTrue();
		assertThat(ResidentIdCard.isValid("110105194912310021")).isFalse();
		assertThat(ResidentIdCard.isValid("11010519491231002x")).isFalse();
		assertThat(ResidentIdCard.hasValidShape("1101051949123100")).isFalse();
	}

	private static List<String> errors(IBaseResource resource) {
		ValidationResult result = validator.validateWithResult(resource);
		return result.getMessages().stream()
				.filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
				.map(SingleValidationMessage::toString)
				.toList();
	}

	private static <T extends IBaseResource> T example(String name, Class<T> type) throws Exception {
		try (InputStream in = ImplementationGuideTest.class.getResourceAsStream("/ig/package/example/" + name)) {
			assertThat(in).as(name).isNotNull();
			return CTX.newJsonParser().parseResource(type, in);
		}
	}

	private static List<Path> examples() throws IOException, URISyntaxException {
		Path folder = Path.of(ImplementationGuideTest.class.getResource("/ig/package/example").toURI());
		try (Stream<Path> files = Files.list(folder)) {
			return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
		}
	}
}
