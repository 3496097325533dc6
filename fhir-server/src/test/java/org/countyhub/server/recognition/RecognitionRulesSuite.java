package org.countyhub.server.recognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.countyhub.server.recognition.RecognitionFixtures.catalogue;
import static org.hl7.fhir.r4.model.DiagnosticReport.DiagnosticReportStatus.CORRECTED;
import static org.hl7.fhir.r4.model.DiagnosticReport.DiagnosticReportStatus.ENTEREDINERROR;
import static org.hl7.fhir.r4.model.DiagnosticReport.DiagnosticReportStatus.FINAL;
import static org.hl7.fhir.r4.model.DiagnosticReport.DiagnosticReportStatus.PRELIMINARY;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.rest.TestIdCards;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.countyhub.server.support.TestClock;
import ca.uhn.fhir.rest.gclient.ReferenceClientParam;
import ca.uhn.fhir.rest.gclient.TokenClientParam;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The recognition rules end to end: reports written over FHIR REST are marked on storage, and
 * {@code $recognizable-results} answers the ordering clinician, at moments set on the application clock(). Run on
 * each database the hub supports (see the implementing classes).
 */
interface RecognitionRulesSuite {

	IGenericClient client();

	TestClock clock();

	default RecognitionFixtures fx() {
		return new RecognitionFixtures(client());
	}

	@AfterEach
	default void resetClock() {
		clock().reset();
	}

	@Test
	default void resultIsRecognisableOnTheLastDayOfItsWindowButNotTheDayAfter() {
		String unit = fx().unit("城东镇卫生院", "2026-01-01", "2026-12-31", "K");
		String patient = fx().patient(unit, TestIdCards.next(), "钱一");
		clock().set("2026-03-01T10:00:00+08:00");
		String report = fx().report(patient, unit, FINAL, "2026-03-01T09:00:00+08:00", catalogue("K"));

		Extension mark = mark(report);
		assertThat(part(mark, "recognisable").getValue()).isInstanceOf(BooleanType.class)
				.extracting(v -> ((BooleanType) v).booleanValue()).isEqualTo(true);
		// potassium: 7 days, the window closes at the end of 8 March local time
		assertThat(((DateTimeType) part(mark, "validUntil").getValue()).getValueAsString())
				.isEqualTo("2026-03-08T23:59:59+08:00");
		assertThat(part(mark, "scope").getValue().primitiveValue()).isEqualTo("county");

		clock().set("2026-03-08T23:59:00+08:00");
		assertThat(reports(patient, "K")).containsExactly(report);
		clock().set("2026-03-09T00:00:00+08:00");
		assertThat(reports(patient, "K")).isEmpty();
	}

	@Test
	default void eachItemOfAPanelKeepsItsOwnWindow() {
		String unit = fx().unit("城西镇卫生院", "2026-01-01", "2026-12-31", "K", "GLU", "HBA1C");
		String patient = fx().patient(unit, TestIdCards.next(), "孙二");
		clock().set("2026-03-01T12:00:00+08:00");
		String report = fx().panel(patient, unit, "2026-03-01T08:00:00+08:00", "K", "GLU", "HBA1C");

		// the mark holds the longest window (HbA1c, 60 days)
		assertThat(((DateTimeType) part(mark(report), "validUntil").getValue()).getValueAsString())
				.isEqualTo("2026-04-30T23:59:59+08:00");
		clock().set("2026-03-05T09:00:00+08:00");
		assertThat(items(patient)).containsExactlyInAnyOrder("K", "GLU", "HBA1C");
		clock().set("2026-03-20T09:00:00+08:00"); // K (7 days) has lapsed
		assertThat(items(patient)).containsExactlyInAnyOrder("GLU", "HBA1C");
		clock().set("2026-03-31T23:00:00+08:00"); // last day of glucose (30 days)
		assertThat(items(patient)).containsExactlyInAnyOrder("GLU", "HBA1C");
		clock().set("2026-04-01T00:30:00+08:00");
		assertThat(items(patient)).containsExactly("HBA1C");
		clock().set("2026-05-01T00:00:00+08:00");
		assertThat(items(patient)).isEmpty();
	}

	@Test
	default void unitWithoutQualificationForTheItemOrOnTheResultsDateIsNotRecognised() {
		String unit = fx().unit("南山村卫生室", "2026-02-01", "2026-02-28", "GLU");
		String patient = fx().patient(unit, TestIdCards.next(), "李三");
		clock().set("2026-02-10T10:00:00+08:00");
		String ct = fx().report(patient, unit, FINAL, "2026-02-10T09:00:00+08:00", catalogue("CT-CHEST"));
		String glu = fx().report(patient, unit, FINAL, "2026-02-10T09:00:00+08:00", catalogue("GLU"));
		clock().set("2026-03-02T10:00:00+08:00");
		String gluAfterQualification = fx().report(patient, unit, FINAL, "2026-03-02T09:00:00+08:00", catalogue("GLU"));

		assertThat(reasons(ct)).containsExactly("unit-not-qualified");
		assertThat(reasons(glu)).isEmpty();
		assertThat(reasons(gluAfterQualification)).containsExactly("unit-not-qualified");
		assertThat(reports(patient, "GLU")).containsExactly(glu);
		assertThat(reports(patient, "CT-CHEST")).isEmpty();
	}

	@Test
	default void itemOutsideTheCatalogueIsNotRecognisable() {
		String unit = fx().unit("北山镇卫生院", null, null, "GLU");
		String patient = fx().patient(unit, TestIdCards.next(), "周四");
		String report = fx().report(patient, unit, FINAL, "2026-03-02T09:00:00+08:00",
				new Coding(HubSystems.unitItemCodes(unit), "XT", "指尖血糖"));
		assertThat(reasons(report)).containsExactly("not-in-catalogue");
	}

	@Test
	default void preliminaryReportBecomesRecognisableWhenFinal() {
		String unit = fx().unit("东湖镇卫生院", "2026-01-01", "2026-12-31", "DR-CHEST");
		String patient = fx().patient(unit, TestIdCards.next(), "吴五");
		clock().set("2026-06-01T10:00:00+08:00");
		String report = fx().report(patient, unit, PRELIMINARY, "2026-06-01T09:00:00+08:00", catalogue("DR-CHEST"));
		assertThat(reasons(report)).containsExactly("not-final");
		assertThat(reports(patient, "DR-CHEST")).isEmpty();

		DiagnosticReport finalReport = fx().read(report);
		finalReport.setStatus(FINAL);
		finalReport.setConclusion("双肺未见异常");
		client().update().resource(finalReport).execute();
		assertThat(reasons(report)).isEmpty();
		assertThat(reports(patient, "DR-CHEST")).containsExactly(report);
	}

	@Test
	default void correctedReportIsJudgedAgainAndEnteredInErrorWithdrawsTheMark() {
		String unit = fx().unit("西湖镇卫生院", "2026-01-01", "2026-12-31", "GLU", "K");
		String patient = fx().patient(unit, TestIdCards.next(), "郑六");
		clock().set("2026-06-03T10:00:00+08:00");
		String report = fx().report(patient, unit, FINAL, "2026-06-03T09:00:00+08:00", catalogue("GLU"));
		assertThat(reports(patient, "GLU")).containsExactly(report);

		// corrected: the unit had coded the wrong item; the correction is judged like a new result
		DiagnosticReport corrected = fx().read(report);
		corrected.setStatus(CORRECTED);
		corrected.setCode(new CodeableConcept(catalogue("K")));
		client().update().resource(corrected).execute();
		assertThat(reports(patient, "GLU")).isEmpty();
		assertThat(reports(patient, "K")).containsExactly(report);

		DiagnosticReport inError = fx().read(report);
		inError.setStatus(ENTEREDINERROR);
		client().update().resource(inError).execute();
		assertThat(reasons(report)).containsExactly("not-final");
		assertThat(reports(patient, "K")).isEmpty();
	}

	@Test
	default void resultFromAnotherUnitIsFoundThroughTheResidentIdCard() {
		String township = fx().unit("青山镇卫生院", "2026-01-01", "2026-12-31", "GLU");
		String hospital = fx().unit("示范县第二人民医院", "2026-01-01", "2026-12-31", "GLU");
		String idCard = TestIdCards.next();
		String atTownship = fx().patient(township, idCard, "王七");
		String atHospital = fx().patient(hospital, idCard, "王七");
		String stranger = fx().patient(hospital, TestIdCards.next(), "王七");
		clock().set("2026-06-05T10:00:00+08:00");
		String report = fx().report(atTownship, township, FINAL, "2026-06-05T08:00:00+08:00", catalogue("GLU"));

		clock().set("2026-06-10T10:00:00+08:00");
		Parameters out = recognisable(atHospital, "GLU");
		assertThat(out.getParameters("result")).hasSize(1);
		Parameters.ParametersParameterComponent result = out.getParameters("result").get(0);
		assertThat(((Reference) partValue(result, "report")).getReference()).isEqualTo(report);
		assertThat(((Reference) partValue(result, "performer")).getReference()).isEqualTo("Organization/" + township);
		assertThat(((Reference) partValue(result, "performer")).getDisplay()).isEqualTo("青山镇卫生院");
		assertThat(((Reference) partValue(result, "patient")).getReference()).isEqualTo(atTownship);
		assertThat(((DateTimeType) partValue(result, "validUntil")).getValueAsString())
				.isEqualTo("2026-07-05T23:59:59+08:00");
		assertThat(reports(stranger, "GLU")).isEmpty();
	}

	@Test
	default void lapsedQualificationWithdrawsTheMark() {
		String unit = fx().unit("红星镇卫生院", "2026-01-01", "2026-12-31", "GLU");
		String patient = fx().patient(unit, TestIdCards.next(), "冯八");
		clock().set("2026-07-01T10:00:00+08:00");
		String report = fx().report(patient, unit, FINAL, "2026-07-01T08:00:00+08:00", catalogue("GLU"));
		assertThat(reports(patient, "GLU")).containsExactly(report);

		// the county withdraws the qualification from 1 June (failed external quality assessment)
		fx().qualify(unit, "红星镇卫生院", "2026-01-01", "2026-05-31", "GLU");
		Awaitility.await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(reasons(report)).containsExactly("unit-not-qualified"));
		assertThat(reports(patient, "GLU")).isEmpty();

		// and restores it
		fx().qualify(unit, "红星镇卫生院", "2026-01-01", "2026-12-31", "GLU");
		Awaitility.await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(reports(patient, "GLU")).containsExactly(report));
	}

	@Test
	default void unitsCodeMapChangeTakesEffectWithoutRestart() {
		String unit = fx().unit("白云镇卫生院", "2026-01-01", "2026-12-31", "UA");
		String patient = fx().patient(unit, TestIdCards.next(), "陈九");
		Coding local = new Coding(HubSystems.unitItemCodes(unit), "NS01", "尿酸");
		clock().set("2026-07-02T10:00:00+08:00");
		String report = fx().report(patient, unit, FINAL, "2026-07-02T08:00:00+08:00", local);
		assertThat(reasons(report)).containsExactly("not-in-catalogue");

		ConceptMap map = new ConceptMap();
		map.setId("items-" + unit);
		map.setUrl(HubSystems.unitItemMap(unit));
		map.setStatus(Enumerations.PublicationStatus.ACTIVE);
		ConceptMap.ConceptMapGroupComponent group = map.addGroup()
				.setSource(HubSystems.unitItemCodes(unit))
				.setTarget(HubSystems.RECOGNITION_CATALOGUE);
		group.addElement().setCode("NS01").setDisplay("尿酸").addTarget().setCode("UA")
				.setEquivalence(Enumerations.ConceptMapEquivalence.EQUIVALENT);
		client().update().resource(map).execute();

		Awaitility.await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(reasons(report)).isEmpty());
		assertThat(reports(patient, "UA")).containsExactly(report);
		// the operation accepts the unit's own code too
		assertThat(recognisable(patient, HubSystems.unitItemCodes(unit) + "|NS01").getParameters("result")).hasSize(1);
	}

	@Test
	default void unknownItemOrCategoryIsABadRequest() {
		String unit = fx().unit("金山镇卫生院", null, null, "GLU");
		String patient = fx().patient(unit, TestIdCards.next(), "褚十");
		assertThatThrownBy(() -> recognisable(patient, "NOPE"))
				.isInstanceOf(InvalidRequestException.class)
				.hasMessageContaining("HUB-4001");
		assertThatThrownBy(() -> client().operation().onInstance(patient).named("$recognizable-results")
						.withParameter(Parameters.class, "category", new org.hl7.fhir.r4.model.CodeType("astrology"))
						.useHttpGet().execute())
				.isInstanceOf(InvalidRequestException.class)
				.hasMessageContaining("HUB-4002");
	}

	@Test
	default void categorySelectsItsItemsNewestFirst() {
		String unit = fx().unit("银山镇卫生院", "2026-01-01", "2026-12-31", "DR-CHEST", "CT-CHEST", "GLU");
		String patient = fx().patient(unit, TestIdCards.next(), "卫十一");
		clock().set("2026-08-03T10:00:00+08:00");
		String older = fx().report(patient, unit, FINAL, "2026-08-01T09:00:00+08:00", catalogue("DR-CHEST"));
		String newer = fx().report(patient, unit, FINAL, "2026-08-03T09:00:00+08:00", catalogue("CT-CHEST"));
		fx().report(patient, unit, FINAL, "2026-08-02T09:00:00+08:00", catalogue("GLU"));
		Parameters out = client().operation().onInstance(patient).named("$recognizable-results")
				.withParameter(Parameters.class, "category", new org.hl7.fhir.r4.model.CodeType("imaging"))
				.useHttpGet().execute();
		assertThat(out.getParameters("result"))
				.extracting(r -> ((Reference) partValue(r, "report")).getReference())
				.containsExactly(newer, older);
	}

	// ---- single Observations that are catalogue items by themselves (no report) ----

	@Test
	default void singleFinalObservationIsFoundNewestFirstWithTheReportsUntilItsWindowCloses() {
		String unit = fx().unit("安平镇卫生院", "2026-01-01", "2026-12-31", "K");
		String patient = fx().patient(unit, TestIdCards.next(), "蒋十三");
		clock().set("2026-04-02T10:00:00+08:00");
		String report = fx().report(patient, unit, FINAL, "2026-04-01T09:00:00+08:00", catalogue("K"));
		String potassium = fx().observation(patient, unit, ObservationStatus.FINAL, "2026-04-02T08:30:00+08:00",
				catalogue("K"));

		Extension mark = observationMark(potassium);
		assertThat(((BooleanType) part(mark, "recognisable").getValue()).booleanValue()).isTrue();
		assertThat(((DateTimeType) part(mark, "validUntil").getValue()).getValueAsString())
				.isEqualTo("2026-04-09T23:59:59+08:00");
		assertThat(reports(patient, "K")).containsExactly(potassium, report);
		// the stored marks are searchable on Observation as on DiagnosticReport
		assertThat(client().search().forResource(Observation.class)
				.where(new TokenClientParam("recognition-item").exactly()
						.systemAndCode(HubSystems.RECOGNITION_CATALOGUE, "K"))
				.and(new ReferenceClientParam("subject").hasId(patient))
				.returnBundle(Bundle.class).execute().getEntry())
				.extracting(e -> e.getResource().getIdElement().toUnqualifiedVersionless().getValue())
				.containsExactly(potassium);

		clock().set("2026-04-08T23:59:00+08:00"); // last day of the report's window (1 April + 7)
		assertThat(reports(patient, "K")).containsExactly(potassium, report);
		clock().set("2026-04-09T12:00:00+08:00"); // last day of the Observation's
		assertThat(reports(patient, "K")).containsExactly(potassium);
		clock().set("2026-04-10T00:00:00+08:00");
		assertThat(reports(patient, "K")).isEmpty();
	}

	@Test
	default void preliminaryObservationIsNotFoundUntilFinalAndAnObservationOutsideTheCatalogueHasNoMark() {
		String unit = fx().unit("永安镇卫生院", "2026-01-01", "2026-12-31", "K");
		String patient = fx().patient(unit, TestIdCards.next(), "沈十四");
		clock().set("2026-04-03T10:00:00+08:00");
		String potassium = fx().observation(patient, unit, ObservationStatus.PRELIMINARY,
				"2026-04-03T09:00:00+08:00", catalogue("K"));
		assertThat(observationReasons(potassium)).containsExactly("not-final");
		assertThat(((CodeableConcept) observationMark(potassium).getExtensionByUrl("reason").getValue()).getText())
				.contains("preliminary");
		assertThat(reports(patient, "K")).isEmpty();

		Observation corrected = fx().readObservation(potassium);
		corrected.setStatus(ObservationStatus.FINAL);
		client().update().resource(corrected).execute();
		assertThat(observationReasons(potassium)).isEmpty();
		assertThat(reports(patient, "K")).containsExactly(potassium);

		String fingerStick = fx().observation(patient, unit, ObservationStatus.FINAL, "2026-04-03T09:00:00+08:00",
				new Coding(HubSystems.unitItemCodes(unit), "XT", "指尖血糖"));
		assertThat(fx().readObservation(fingerStick).getExtensionByUrl(HubSystems.RECOGNITION_STATUS_EXTENSION))
				.isNull();
	}

	@Test
	default void observationOfARecognisableReportIsListedOnceUnderItsReport() {
		String unit = fx().unit("太平镇卫生院", "2026-01-01", "2026-12-31", "K", "GLU");
		String patient = fx().patient(unit, TestIdCards.next(), "韩十五");
		clock().set("2026-04-04T10:00:00+08:00");
		String panel = fx().panel(patient, unit, "2026-04-04T08:00:00+08:00", "K", "GLU");
		String member = fx().read(panel).getResult().get(0).getReference();

		// the member is a catalogue item and carries its own mark, but the exam is the report's
		assertThat(observationReasons(member)).isEmpty();
		assertThat(reports(patient, "K")).containsExactly(panel);
		assertThat(items(patient)).containsExactlyInAnyOrder("K", "GLU");
	}

	@Test
	default void lapsedQualificationWithdrawsTheMarkOfASingleObservation() {
		String unit = fx().unit("长宁镇卫生院", "2026-01-01", "2026-12-31", "K");
		String patient = fx().patient(unit, TestIdCards.next(), "杨十六");
		clock().set("2026-07-03T10:00:00+08:00");
		String potassium = fx().observation(patient, unit, ObservationStatus.FINAL, "2026-07-03T08:00:00+08:00",
				catalogue("K"));
		assertThat(reports(patient, "K")).containsExactly(potassium);

		fx().qualify(unit, "长宁镇卫生院", "2026-01-01", "2026-06-30", "K");
		Awaitility.await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(observationReasons(potassium)).containsExactly("unit-not-qualified"));
		assertThat(reports(patient, "K")).isEmpty();
	}

	@Test
	default void decisionOnASingleResultIsRecordedWithTheObservationAsFocus() {
		String township = fx().unit("平安镇卫生院", "2026-01-01", "2026-12-31", "HBA1C");
		String hospital = fx().unit("示范县人民医院", "2026-01-01", "2026-12-31", "HBA1C");
		String idCard = TestIdCards.next();
		String atTownship = fx().patient(township, idCard, "秦十八");
		String atHospital = fx().patient(hospital, idCard, "秦十八");
		clock().set("2026-05-06T10:00:00+08:00");
		String hba1c = fx().observation(atTownship, township, ObservationStatus.FINAL, "2026-05-06T08:00:00+08:00",
				catalogue("HBA1C"));
		clock().set("2026-05-20T10:00:00+08:00");
		assertThat(reports(atHospital, "HBA1C")).containsExactly(hba1c);

		Parameters in = new Parameters();
		in.addParameter().setName("decision").setValue(new org.hl7.fhir.r4.model.CodeType("recognised"));
		in.addParameter().setName("unit").setValue(new Reference("Organization/" + hospital));
		in.addParameter().setName("clinician").setValue(new Reference().setDisplay("赵医生"));
		in.addParameter().setName("patientInformed").setValue(new BooleanType(true));
		in.addParameter().setName("patient").setValue(new Reference(atHospital));
		Observation decision = client().operation().onInstance(hba1c).named("$recognition-decision")
				.withParameters(in).returnResourceType(Observation.class).execute();
		assertThat(decision.getFocusFirstRep().getReference()).isEqualTo(hba1c);
		assertThat(decision.getComponentFirstRep().getValueCodeableConcept().getCodingFirstRep().getCode())
				.isEqualTo("HBA1C");
		// the decision is an Observation too, but not a catalogue item: it carries no recognition mark
		assertThat(decision.getExtensionByUrl(HubSystems.RECOGNITION_STATUS_EXTENSION)).isNull();
	}

	// ---- helpers ----

	private Parameters recognisable(String patientId, String code) {
		return client().operation().onInstance(patientId).named("$recognizable-results")
				.withParameter(Parameters.class, "code", new StringType(code))
				.useHttpGet()
				.execute();
	}

	private List<String> reports(String patientId, String code) {
		return recognisable(patientId, code).getParameters("result").stream()
				.map(r -> ((Reference) partValue(r, "report")).getReference())
				.toList();
	}

	private List<String> items(String patientId) {
		return client().operation().onInstance(patientId).named("$recognizable-results")
				.withParameter(Parameters.class, "category", new org.hl7.fhir.r4.model.CodeType("lab"))
				.useHttpGet().execute()
				.getParameters("result").stream()
				.map(r -> ((Coding) partValue(r, "item")).getCode())
				.toList();
	}

	private Extension mark(String reportId) {
		Extension mark = fx().read(reportId).getExtensionByUrl(HubSystems.RECOGNITION_STATUS_EXTENSION);
		assertThat(mark).as("recognition status on " + reportId).isNotNull();
		return mark;
	}

	private Extension observationMark(String observationId) {
		Extension mark = fx().readObservation(observationId).getExtensionByUrl(HubSystems.RECOGNITION_STATUS_EXTENSION);
		assertThat(mark).as("recognition status on " + observationId).isNotNull();
		return mark;
	}

	private List<String> observationReasons(String observationId) {
		return observationMark(observationId).getExtensionsByUrl("reason").stream()
				.map(e -> ((CodeableConcept) e.getValue()).getCodingFirstRep().getCode())
				.toList();
	}

	private List<String> reasons(String reportId) {
		return mark(reportId).getExtensionsByUrl("reason").stream()
				.map(e -> ((CodeableConcept) e.getValue()).getCodingFirstRep().getCode())
				.toList();
	}

	private static Extension part(Extension mark, String url) {
		return mark.getExtensionByUrl(url);
	}

	static org.hl7.fhir.r4.model.Type partValue(Parameters.ParametersParameterComponent parameter, String name) {
		return parameter.getPart().stream().filter(p -> name.equals(p.getName())).findFirst()
				.map(Parameters.ParametersParameterComponent::getValue).orElse(null);
	}
}
