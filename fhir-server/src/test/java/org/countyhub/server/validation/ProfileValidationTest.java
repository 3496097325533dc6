package org.countyhub.server.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.gclient.DateClientParam;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.countyhub.profiles.HubSystems;
import org.countyhub.profiles.ResidentIdCard;
import org.countyhub.server.support.HubServerTest;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The running hub installs the guide and enforces it: every example of the guide is accepted, and for each
 * profile a deliberately broken copy of its example is refused with 422 and an OperationOutcome that names the
 * problem, whether it comes over REST or, like the feeds' writes, straight through a DAO.
 */
class ProfileValidationTest extends HubServerTest {

	@Autowired
	DaoRegistry daos;

	@Autowired
	ProfileEnforcement enforcement;

	@BeforeEach
	void storeTheGuidesExamples() {
		// PUT by id: idempotent, so the shared database may already hold them. Organizations come from the county.
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		List<Resource> referrals = new java.util.ArrayList<>();
		for (Resource example : GuideExamples.all()) {
			// Organizations come from the county; referral Tasks are created by the hub with their ServiceRequest,
			// which is written on its own (the hub's Task and Provenance follow it)
			if (example instanceof Organization
					|| example instanceof Task task && task.getMeta().hasProfile(HubSystems.REFERRAL_TASK_PROFILE)) {
				continue;
			}
			if (example instanceof ServiceRequest request
					&& request.getMeta().hasProfile(HubSystems.REFERRAL_REQUEST_PROFILE)) {
				referrals.add(example);
				continue;
			}
			transaction.addEntry().setResource(example).getRequest()
					.setMethod(Bundle.HTTPVerb.PUT).setUrl(example.fhirType() + "/" + example.getIdPart());
		}
		Bundle response = client.transaction().withBundle(transaction).execute();
		assertThat(response.getEntry()).hasSize(transaction.getEntry().size());
		referrals.forEach(referral -> client.update().resource(referral).execute());
	}

	@Test
	void guideIsReadableFromTheServer() {
		Bundle profiles = client.search().forResource(StructureDefinition.class)
				.where(StructureDefinition.URL.matches().value(HubSystems.PATIENT_PROFILE))
				.returnBundle(Bundle.class).execute();
		assertThat(profiles.getEntry()).hasSize(1);
		assertThat(((StructureDefinition) profiles.getEntryFirstRep().getResource()).hasSnapshot()).isTrue();

		Bundle catalogue = client.search().forResource(CodeSystem.class)
				.where(CodeSystem.URL.matches().value(HubSystems.RECOGNITION_CATALOGUE))
				.returnBundle(Bundle.class).execute();
		assertThat(((CodeSystem) catalogue.getEntryFirstRep().getResource()).getConcept()).hasSizeGreaterThanOrEqualTo(30);

		Bundle map = client.search().forResource(ConceptMap.class)
				.where(ConceptMap.URL.matches().value(HubSystems.unitItemMap("WSY01")))
				.returnBundle(Bundle.class).execute();
		assertThat(map.getEntry()).hasSize(1);
	}

	@Test
	void recognitionValidUntilIsSearchable() {
		DiagnosticReport report = GuideExamples.read("DiagnosticReport-example-lab.json", DiagnosticReport.class);
		report.setId((String) null);
		report.getIdentifierFirstRep().setValue("valid-until-" + UUID.randomUUID());
		// the recognition service writes the status itself: a recent glucose from a unit qualified for it, so that
		// the status it writes has a validUntil
		String unit = "VU" + Long.toString(System.nanoTime() % 1_000_000_000L, 36).toUpperCase();
		Organization qualified = new Organization();
		qualified.setId(unit);
		qualified.addIdentifier().setSystem(HubSystems.HL7_FACILITY_CODE).setValue(unit);
		qualified.setActive(true);
		qualified.setName("互认检索测试单位");
		qualified.addType().addCoding().setSystem(HubSystems.UNIT_TYPE).setCode("township-centre").setDisplay("乡镇卫生院");
		qualified.setPartOf(new org.hl7.fhir.r4.model.Reference("Organization/SFXYGT"));
		var qualification = qualified.addExtension().setUrl(HubSystems.RECOGNITION_QUALIFICATION_EXTENSION);
		qualification.addExtension("item", org.countyhub.server.recognition.RecognitionFixtures.catalogue("GLU"));
		qualification.addExtension("period", new org.hl7.fhir.r4.model.Period()
				.setStartElement(new org.hl7.fhir.r4.model.DateTimeType("2000-01-01")));
		qualification.addExtension("level", new org.hl7.fhir.r4.model.CodeType("county"));
		client.update().resource(qualified).execute();
		report.getCode().getCoding().clear();
		report.getCode().addCoding(org.countyhub.server.recognition.RecognitionFixtures.catalogue("GLU"));
		report.getPerformer().clear();
		report.addPerformer(new org.hl7.fhir.r4.model.Reference("Organization/" + unit));
		report.setEffective(org.hl7.fhir.r4.model.DateTimeType.now());
		report.setIssued(new java.util.Date());
		report.getExtensionByUrl(HubSystems.RECOGNITION_STATUS_EXTENSION).getExtensionByUrl("validUntil")
				.setValue(new org.hl7.fhir.r4.model.DateTimeType("2099-01-02T00:00:00+08:00"));
		String id = client.create().resource(report).execute().getId().getIdPart();

		// the recognition service writes the status itself (its own validity window): search by what is stored
		DiagnosticReport stored = client.read().resource(DiagnosticReport.class).withId(id).execute();
		var status = stored.getExtensionByUrl(HubSystems.RECOGNITION_STATUS_EXTENSION);
		assertThat(status).as("recognition status written on the report").isNotNull();
		assertThat(status.getExtensionByUrl("validUntil")).as("validUntil in " + status.getExtension().stream()
				.map(e -> e.getUrl() + "=" + e.getValue()).toList()).isNotNull();
		var validUntil = (org.hl7.fhir.r4.model.DateTimeType) status.getExtensionByUrl("validUntil").getValue();
		Bundle found = client.search().forResource(DiagnosticReport.class)
				.where(new DateClientParam("recognition-valid-until").exactly().day(validUntil.getValue()))
				.count(1000)
				.returnBundle(Bundle.class).execute();
		assertThat(found.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).contains(id);
	}

	@Test
	void patientWithWrongIdCardCheckDigitIsKeptButFlagged() {
		Patient patient = example("Patient-example-zhang.json", Patient.class);
		String valid = TestCards.next();
		char wrong = valid.charAt(17) == '1' ? '2' : '1';
		patient.getIdentifierFirstRep().setValue(valid.substring(0, 17) + wrong);
		assertThat(ResidentIdCard.hasValidShape(patient.getIdentifierFirstRep().getValue())).isTrue();
		patient.setId((String) null);
		Patient stored = client.read().resource(Patient.class)
				.withId(client.create().resource(patient).execute().getId()).execute();
		assertThat(stored.getIdentifier())
				.filteredOn(id -> HubSystems.RESIDENT_ID_CARD.equals(id.getSystem()))
				.singleElement()
				.satisfies(id -> assertThat(id.getExtensionByUrl(HubSystems.ID_CARD_CHECK_FAILED).getValue()
						.primitiveValue()).isEqualTo("true"));
	}

	@Test
	void patientWithoutGenderIsRefused() {
		Patient patient = example("Patient-example-zhang.json", Patient.class);
		patient.getIdentifierFirstRep().setValue(TestCards.next());
		patient.setGender(null);
		assertRefused(patient, "HUB-1101", "Patient.gender");
	}

	@Test
	void patientIsAlsoRefusedWhenWrittenLikeAFeedThroughTheDao() {
		Patient patient = example("Patient-example-zhang.json", Patient.class);
		patient.getIdentifierFirstRep().setValue(TestCards.next());
		patient.getNameFirstRep().setText(null);
		assertThatThrownBy(() -> daos.getResourceDao(Patient.class).create(patient, new SystemRequestDetails()))
				.isInstanceOf(UnprocessableEntityException.class)
				.hasMessageContaining("HUB-1101")
				.hasMessageContaining("Patient.name");
	}

	@Test
	void aFeedWriteIsCheckedBesideStorageAndRefusedAtCommitWithNothingStored() {
		long deferredBefore = enforcement.feedChecksDeferred();
		assertThat(deferredBefore).as("inline feed checks run beside storage by default").isNotNegative();
		Patient conforming = example("Patient-example-zhang.json", Patient.class);
		conforming.setId((String) null);
		conforming.getIdentifierFirstRep().setValue(TestCards.next());
		IIdType stored = FeedWrites.write(
				() -> daos.getResourceDao(Patient.class).create(conforming, new SystemRequestDetails()).getId());
		assertThat(enforcement.feedChecksDeferred()).isEqualTo(deferredBefore + 1);
		assertThat(daos.getResourceDao(Patient.class).read(stored.toUnqualifiedVersionless(), new SystemRequestDetails())
				.getNameFirstRep().getText()).isEqualTo(conforming.getNameFirstRep().getText());

		Patient broken = example("Patient-example-zhang.json", Patient.class);
		broken.setId((String) null);
		String card = TestCards.next();
		broken.getIdentifierFirstRep().setValue(card);
		broken.getNameFirstRep().setText(null);
		assertThatThrownBy(() -> FeedWrites.write(
						() -> daos.getResourceDao(Patient.class).create(broken, new SystemRequestDetails())))
				.isInstanceOf(UnprocessableEntityException.class)
				.hasMessageContaining("HUB-1101")
				.hasMessageContaining("Patient.name");
		assertThat(enforcement.feedChecksDeferred()).isEqualTo(deferredBefore + 2);
		assertThat(client.search().forResource(Patient.class)
				.where(Patient.IDENTIFIER.exactly().systemAndIdentifier(HubSystems.RESIDENT_ID_CARD, card))
				.returnBundle(Bundle.class).execute().getEntry()).isEmpty();
	}

	@Test
	void whatTheChecksCostIsInTheMetrics() throws Exception {
		double checks = metric("hub.validation.checks");
		double cpu = metric("hub.validation.check.cpu");
		Patient patient = example("Patient-example-zhang.json", Patient.class);
		patient.getIdentifierFirstRep().setValue(TestCards.next());
		patient.setId((String) null);
		client.create().resource(patient).execute();
		Patient refused = example("Patient-example-zhang.json", Patient.class);
		refused.getIdentifierFirstRep().setValue(TestCards.next());
		refused.setGender(null);
		assertRefused(refused, "HUB-1101", "Patient.gender");

		// the stored Patient and the refused one were both checked, and checking took CPU time
		assertThat(metric("hub.validation.checks")).isGreaterThanOrEqualTo(checks + 2);
		assertThat(metric("hub.validation.check.cpu")).isGreaterThan(cpu);
	}

	/** A counter's value from the running hub's {@code /actuator/metrics}. */
	private double metric(String name) throws Exception {
		java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
				java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/actuator/metrics/" + name))
						.header("Authorization", bearerAs(org.countyhub.server.security.token.Roles.SYSTEM_ADMIN)).build(),
				java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		var measurements = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).get("measurements");
		return measurements.get(0).get("value").asDouble();
	}

	@Test
	void patientWithoutProfileGetsTheHubProfile() {
		Patient patient = new Patient();
		patient.addIdentifier().setSystem(HubSystems.RESIDENT_ID_CARD).setValue(TestCards.next());
		patient.addName().setText("冯十二").setFamily("冯").addGiven("十二");
		patient.setGender(Enumerations.AdministrativeGender.MALE);
		Patient stored = (Patient) client.create().resource(patient).execute().getResource();
		assertThat(stored.getMeta().getProfile()).extracting(p -> p.getValue()).contains(HubSystems.PATIENT_PROFILE);
	}

	@Test
	void patientPostedWithoutProfileIsHeldToTheAssignedOne() throws Exception {
		// sent as raw JSON, as a unit's system would: no meta.profile and no gender
		String body = "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"urn:test:mrn\",\"value\":\"P"
				+ System.nanoTime() + "\"}],\"name\":[{\"text\":\"冯十三\"}]}";
		java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
				java.net.http.HttpRequest.newBuilder(java.net.URI.create(fhirBase() + "/Patient"))
						.header("Content-Type", "application/fhir+json; charset=utf-8")
						.header("Authorization", bearer())
						.POST(java.net.http.HttpRequest.BodyPublishers.ofString(body, java.nio.charset.StandardCharsets.UTF_8))
						.build(),
				java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(response.body()).contains("HUB-1101").contains("Patient.gender");
	}

	@Test
	void memberUnitWithoutFacilityCodeIsRefused() {
		Organization unit = example("Organization-WSY01.json", Organization.class);
		unit.setId("BADUNIT" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 100000));
		unit.getIdentifier().removeIf(i -> HubSystems.HL7_FACILITY_CODE.equals(i.getSystem()));
		assertRefused(unit, "HUB-1101", "facilityCode");
	}

	@Test
	void labReportWithoutPerformingUnitIsRefused() {
		DiagnosticReport report = example("DiagnosticReport-example-lab.json", DiagnosticReport.class);
		report.getPerformer().clear();
		assertRefused(report, "HUB-1101", "DiagnosticReport.performer");
	}

	@Test
	void diagnosticReportDeclaringNoHubProfileIsRefused() {
		DiagnosticReport report = example("DiagnosticReport-example-lab.json", DiagnosticReport.class);
		report.getMeta().getProfile().clear();
		// a category no rule of validation/profile-rules.json knows: nothing says which report it is
		report.getCategory().clear();
		report.addCategory().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v2-0074").setCode("OTH");
		assertRefused(report, "HUB-1101", HubSystems.LAB_REPORT_PROFILE);
	}

	@Test
	void labResultWithoutEffectiveTimeIsRefused() {
		Observation result = example("Observation-example-lab-glu.json", Observation.class);
		result.setEffective(null);
		// a result with a value says when it was observed (a pending one without value may not know yet)
		assertRefused(result, "HUB-1101", "hub-lab-1");
	}

	@Test
	void anUnchangedResendOfAStoredRecordIsNotJudgedAgainButAChangeIs() {
		// stored before the rule held it (validation off then), as an old record or a replayed message's is
		Observation result = example("Observation-example-lab-glu.json", Observation.class);
		result.setId("glu-stored-earlier-" + UUID.randomUUID().toString().substring(0, 8));
		result.setEffective(null);
		enforcement.suspend();
		try {
			client.update().resource(result).execute();
		} finally {
			enforcement.resume();
		}
		// the same content again (a duplicate or replayed message): nothing changes, so nothing is refused
		org.hl7.fhir.r4.model.IdType again = (org.hl7.fhir.r4.model.IdType) client.update().resource(result).execute().getId();
		assertThat(again.getVersionIdPart()).isEqualTo("1");
		// a change is judged by the guide as any write
		result.getValueQuantity().setValue(new java.math.BigDecimal("9.9"));
		assertThatThrownBy(() -> client.update().resource(result).execute())
				.isInstanceOfSatisfying(UnprocessableEntityException.class, e -> assertThat(
						((OperationOutcome) e.getOperationOutcome()).getIssue().stream()
								.filter(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR)
								.map(i -> i.getDiagnostics() + " @ " + i.getLocation())
								.toList().toString())
						.contains("HUB-1101").contains("hub-lab-1"));
		assertThat(client.read().resource(Observation.class).withId(result.getIdElement().getIdPart()).execute()
				.getMeta().getVersionId()).isEqualTo("1");
	}

	@Test
	void imagingReportWithLabCategoryIsRefused() {
		DiagnosticReport report = example("DiagnosticReport-example-imaging.json", DiagnosticReport.class);
		report.getCategoryFirstRep().getCodingFirstRep().setCode("LAB");
		assertRefused(report, "HUB-1101", "DiagnosticReport.category");
	}

	@Test
	void imagingStudyWithoutStudyInstanceUidIsRefused() {
		ImagingStudy study = example("ImagingStudy-example-chest-dr.json", ImagingStudy.class);
		study.getIdentifier().removeIf(i -> HubSystems.DICOM_UID.equals(i.getSystem()));
		assertRefused(study, "HUB-1101", "studyInstanceUid");
	}

	@Test
	void ecgReportWithoutPdfIsRefused() {
		DiagnosticReport report = example("DiagnosticReport-example-ecg.json", DiagnosticReport.class);
		report.getPresentedFormFirstRep().setContentType("image/png");
		assertRefused(report, "HUB-1101", "hub-ecg-1");
	}

	@Test
	void aTypeTheGuideDoesNotProfileIsCheckedAgainstBaseR4AndTaggedWhenItFails() {
		Appointment booked = new Appointment();
		booked.setStatus(Appointment.AppointmentStatus.BOOKED);
		booked.addParticipant().setStatus(Appointment.ParticipationStatus.ACCEPTED)
				.addType().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v3-ParticipationType").setCode("ATND");
		// booked without start and end: base R4's invariant app-3; other-types is warn by default
		Appointment stored = client.read().resource(Appointment.class)
				.withId(client.create().resource(booked).execute().getId().toUnqualifiedVersionless()).execute();
		assertThat(stored.getMeta().getTag(HubSystems.VALIDATION_TAG, "failed-profile")).isNotNull();

		booked.setStart(new java.util.Date()).setEnd(new java.util.Date(System.currentTimeMillis() + 900_000));
		Appointment conforming = client.read().resource(Appointment.class)
				.withId(client.create().resource(booked).execute().getId().toUnqualifiedVersionless()).execute();
		assertThat(conforming.getMeta().getTag(HubSystems.VALIDATION_TAG, "failed-profile")).isNull();
	}

	@Test
	void ecgMeasurementWithoutUcumUnitIsRefused() {
		Observation qtc = example("Observation-example-ecg-qtc.json", Observation.class);
		qtc.setValue(new Quantity().setValue(420).setUnit("毫秒"));
		assertRefused(qtc, "HUB-1101", "hub-ecgm-1");
	}

	@Test
	void notRecognisedDecisionWithoutStatutoryReasonIsRefused() {
		Observation decision = example("Observation-example-decision-not-recognised.json", Observation.class);
		decision.getComponent().remove(1);
		assertRefused(decision, "HUB-1101", "hub-rd-1");
	}

	@Test
	void referralWithoutDirectionIsRefused() {
		ServiceRequest referral = example("ServiceRequest-example-referral-up.json", ServiceRequest.class);
		referral.getExtension().clear();
		referral.getIdentifierFirstRep().setValue("no-direction-" + UUID.randomUUID());
		// the referral workflow's own rule (storage layer too) names the missing direction first
		assertRefused(referral, "HUB-5201", "direction");
	}

	@Test
	void referralTaskOnHoldIsRefused() {
		// Referral Tasks are the hub's own (created with their referral ServiceRequest, HUB-5205 otherwise): refer
		// through the ServiceRequest, then write the hub's Task in a state the profile does not allow, as the hub
		// would, through the DAO.
		ServiceRequest referral = example("ServiceRequest-example-referral-up.json", ServiceRequest.class);
		referral.getIdentifierFirstRep().setValue("on-hold-" + UUID.randomUUID());
		String requestId = client.create().resource(referral).execute().getId().toUnqualifiedVersionless().getValue();
		Bundle tasks = client.search().forResource(Task.class).where(Task.FOCUS.hasId(requestId))
				.returnBundle(Bundle.class).execute();
		assertThat(tasks.getEntry()).hasSize(1);
		Task onHold = ((Task) tasks.getEntryFirstRep().getResource()).copy();
		onHold.setId((String) null);
		onHold.getMeta().setVersionId(null).setLastUpdated(null);
		onHold.setStatus(Task.TaskStatus.ONHOLD);
		int before = count("Task");
		assertThatThrownBy(() -> daos.getResourceDao(Task.class).create(onHold, new SystemRequestDetails()))
				.isInstanceOfSatisfying(UnprocessableEntityException.class, e -> {
					OperationOutcome outcome = (OperationOutcome) e.getOperationOutcome();
					assertThat(outcome.getIssue().stream()
							.filter(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR)
							.map(i -> i.getDiagnostics() + " @ " + i.getLocation())
							.toList().toString()).contains("HUB-1101").contains("on-hold");
				});
		assertThat(count("Task")).isEqualTo(before);
	}

	@Test
	void readingRequestWithoutTheItemToReadIsRefused() {
		// the exam itself (supportingInfo) may follow the order (reading-request supportingInfo 0..*); the item not
		ServiceRequest request = example("ServiceRequest-example-reading.json", ServiceRequest.class);
		request.setCode(null);
		assertRefused(request, "HUB-1101", "ServiceRequest.code");
	}

	@Test
	void completedReadingTaskWithoutReportIsRefused() {
		Task task = example("Task-example-reading.json", Task.class);
		task.getOutput().clear();
		assertRefused(task, "HUB-1101", "hub-rdt-1");
	}

	@Test
	void validateOperationReportsTheProblemsWithoutStoring() {
		Task task = example("Task-example-referral.json", Task.class);
		task.setStatus(Task.TaskStatus.DRAFT);
		Parameters in = new Parameters();
		in.addParameter().setName("resource").setResource(task);
		OperationOutcome outcome;
		try {
			outcome = (OperationOutcome) client.operation().onType(Task.class).named("$validate")
					.withParameters(in).returnResourceType(OperationOutcome.class).execute();
		} catch (BaseServerResponseException e) {
			outcome = (OperationOutcome) e.getOperationOutcome();
		}
		assertThat(outcome.getIssue())
				.filteredOn(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR)
				.extracting(OperationOutcome.OperationOutcomeIssueComponent::getDiagnostics)
				.anyMatch(d -> d.contains("draft"));

		Parameters good = new Parameters();
		good.addParameter().setName("resource").setResource(example("Task-example-referral.json", Task.class));
		OperationOutcome clean = (OperationOutcome) client.operation().onType(Task.class).named("$validate")
				.withParameters(good).returnResourceType(OperationOutcome.class).execute();
		assertThat(clean.getIssue()).noneMatch(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR);
	}

	private void assertRefused(Resource resource, String code, String problem) {
		int before = count(resource.fhirType());
		assertThatThrownBy(() -> {
			if (resource.hasIdElement() && resource instanceof Organization) {
				client.update().resource(resource).execute();
			} else {
				client.create().resource(resource).execute();
			}
		})
				.isInstanceOfSatisfying(UnprocessableEntityException.class, e -> {
					OperationOutcome outcome = (OperationOutcome) e.getOperationOutcome();
					List<String> errors = outcome.getIssue().stream()
							.filter(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR)
							.map(i -> i.getDiagnostics() + " @ " + i.getLocation())
							.toList();
					assertThat(String.join("\n", errors)).contains(code).contains(problem);
				});
		assertThat(count(resource.fhirType())).isEqualTo(before);
	}

	private int count(String type) {
		return client.search().forResource(type).summaryMode(ca.uhn.fhir.rest.api.SummaryEnum.COUNT)
				.returnBundle(Bundle.class).execute().getTotal();
	}

	/** A fresh copy of an example without its id, so that it is created anew. */
	private static <T extends Resource> T example(String file, Class<T> type) {
		T resource = GuideExamples.read(file, type);
		if (!(resource instanceof Organization)) {
			resource.setId((String) null);
		}
		return resource;
	}

	/** Valid unique resident ID card numbers. */
	static final class TestCards {
		private static long sequence = System.nanoTime() % 1000;

		static synchronized String next() {
			long n = ++sequence;
			String body = String.format("510121%04d%02d%02d%03d", 1940 + n / 1000 % 60, 1 + n % 12, 1 + n % 28, n % 1000);
			return body + ResidentIdCard.checkCharacter(body);
		}
	}
}
