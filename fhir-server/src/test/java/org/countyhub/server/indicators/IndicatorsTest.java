package org.countyhub.server.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.feeds.FeedMessages;
import org.countyhub.server.feeds.MllpClient;
import org.countyhub.server.recognition.RecognitionFixtures;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.support.HubServerTest;
import org.countyhub.server.support.OfficialValidator;
import org.countyhub.server.support.TestClock;
import org.countyhub.server.workflow.Referrals;
import org.countyhub.server.workflow.Reports;
import org.countyhub.server.workflow.Township;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The reform indicators over a scripted month, July 2021 (China time), written through the ADT feed and REST as
 * the units' systems would: visits at each unit type, including both edges of the month where China time and UTC
 * disagree, recognition decisions, and the month's out-of-county import. Referrals and reading Tasks take the
 * hub's own time, so they are scripted in the running month and judged by what they add to it. Each
 * MeasureReport figure is the hand-computed one, per unit and in total; the reports pass the official validator;
 * the bureau analyst, and only they, gets them, with no patient in them.
 */
class IndicatorsTest extends HubServerTest {

	private static final String MONTH = "2021-07";
	private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	@Autowired
	TestClock clock;

	@AfterEach
	void resetClock() {
		clock.reset();
	}

	@Test
	void scriptedMonthGivesTheHandComputedFiguresPerUnitAndInTotal() throws Exception {
		// visits: WSY01 (township) 4, CWS0101 (village) 2, XRMYY (lead) 5, XZYY (county) 2 — 6 of 13 at primary care
		String township = patient("WSY01");
		String village = patient("CWS0101");
		String lead = patient("XRMYY");
		String county = patient("XZYY");
		outpatientVisitThroughTheFeed("WSY01", "20210731234000", "20210731235500"); // 15:40 UTC: July in China
		visit(township, "WSY01", "AMB", "finished", "2021-07-01T00:10:00+08:00"); // June 30 in UTC: July in China
		visit(township, "WSY01", "AMB", "finished", "2021-07-12T09:00:00+08:00");
		visit(township, "WSY01", "EMER", "finished", "2021-07-12T22:00:00+08:00");
		visit(township, "WSY01", "AMB", "in-progress", "2021-07-13T09:00:00+08:00"); // not finished
		visit(township, "WSY01", "IMP", "finished", "2021-07-14T09:00:00+08:00"); // an admission
		visit(village, "CWS0101", "AMB", "finished", "2021-07-02T08:00:00+08:00");
		visit(village, "CWS0101", "AMB", "finished", "2021-07-03T08:00:00+08:00");
		visit(village, "CWS0101", "AMB", "finished", "2021-08-01T00:20:00+08:00"); // July 31 in UTC: August in China
		for (int i = 1; i <= 4; i++) {
			visit(lead, "XRMYY", "AMB", "finished", "2021-07-1" + i + "T10:00:00+08:00");
		}
		visit(lead, "XRMYY", "EMER", "finished", "2021-07-20T03:00:00+08:00");
		visit(county, "XZYY", "AMB", "finished", "2021-07-21T10:00:00+08:00");
		visit(county, "XZYY", "AMB", "finished", "2021-07-22T10:00:00+08:00");

		// recognition at two new units: B orders glucose twice while A's result is recognisable
		RecognitionFixtures fx = new RecognitionFixtures(client);
		String a = fx.unit("指标甲镇卫生院", "2021-01-01", "2021-12-31", "GLU");
		String b = fx.unit("指标乙镇卫生院", null, null);
		String card = org.countyhub.server.rest.TestIdCards.next();
		String atA = fx.patient(a, card, "指标患者");
		String atB = fx.patient(b, card, "指标患者");
		clock.set("2021-07-03T10:00:00+08:00");
		String glucose = fx.report(atA, a, DiagnosticReport.DiagnosticReportStatus.FINAL, "2021-07-03T08:00:00+08:00",
				RecognitionFixtures.catalogue("GLU"));
		clock.set("2021-07-05T09:00:00+08:00");
		decide(glucose, b, atB, order(b, atB, "2021-07-05T09:00:00+08:00"), "recognised", null);
		clock.set("2021-07-08T09:00:00+08:00");
		decide(glucose, b, atB, order(b, atB, "2021-07-08T09:00:00+08:00"), "not-recognised", "emergency");
		clock.reset();

		IGenericClient bureau = clientWith(tokenAs(List.of(Roles.BUREAU_ANALYST)));
		Map<String, MeasureReport> july = reports(bureau, MONTH);

		ReportReading visits = new ReportReading(july.get("primary-care-visit-share"));
		assertThat(visits.count("share", "total", null, "denominator")).isEqualTo(13);
		assertThat(visits.count("share", "total", null, "numerator")).isEqualTo(6);
		assertThat(visits.score("share", "total", null)).isEqualByComparingTo("0.4615");
		assertThat(visits.count("share", "unit", "WSY01", "denominator")).isEqualTo(4);
		assertThat(visits.count("share", "unit", "CWS0101", "numerator")).isEqualTo(2);
		assertThat(visits.count("share", "unit", "XRMYY", "denominator")).isEqualTo(5);
		assertThat(visits.count("share", "unit", "XRMYY", "numerator")).isZero();
		assertThat(visits.count("share", "unit", "XZYY", "denominator")).isEqualTo(2);
		assertThat(visits.score("share", "unit", "WSY01")).isEqualByComparingTo("1");
		assertThat(visits.count("share", "unit-type", "township-centre", "denominator")).isEqualTo(4);
		assertThat(visits.count("share", "unit-type", "village-clinic", "denominator")).isEqualTo(2);
		assertThat(visits.count("share", "unit-type", "lead-hospital", "denominator")).isEqualTo(5);
		assertThat(visits.count("share", "unit-type", "county-hospital", "denominator")).isEqualTo(2);
		assertThat(visits.score("share", "unit-type", "lead-hospital")).isEqualByComparingTo("0");
		// the August visit is August's
		assertThat(new ReportReading(evaluate(bureau, "primary-care-visit-share", "2021-08", null))
				.count("share", "unit", "CWS0101", "denominator")).isEqualTo(1);
		// one unit's own report
		ReportReading ownUnit = new ReportReading(evaluate(bureau, "primary-care-visit-share", MONTH, "Organization/WSY01"));
		assertThat(ownUnit.count("share", "total", null, "denominator")).isEqualTo(4);

		ReportReading recognition = new ReportReading(july.get("result-recognition"));
		assertThat(recognition.count("recognisable-at-ordering", "total", null, "initial-population")).isEqualTo(2);
		assertThat(recognition.count("recognisable-at-ordering", "unit", b, "initial-population")).isEqualTo(2);
		assertThat(recognition.count("recognition-rate", "total", null, "denominator")).isEqualTo(2);
		assertThat(recognition.count("recognition-rate", "total", null, "numerator")).isEqualTo(1);
		assertThat(recognition.score("recognition-rate", "unit", b)).isEqualByComparingTo("0.5");
		assertThat(recognition.score("recognition-rate", "category", "lab")).isEqualByComparingTo("0.5");
		assertThat(recognition.count("not-recognised", "reason", "emergency", "initial-population")).isEqualTo(1);
		assertThat(recognition.count("exams-avoided", "total", null, "initial-population")).isEqualTo(1);
		assertThat(recognition.count("recognition-rate", "unit", a, "denominator")).isZero();

		// 县域内就诊率 waits for the import, and says so
		MeasureReport before = july.get("in-county-visit-rate");
		assertThat(before.getStatus()).isEqualTo(MeasureReport.MeasureReportStatus.PENDING);
		assertThat(before.getGroupFirstRep().hasMeasureScore()).isFalse();
		// a file naming a unit the county does not have is refused whole
		Parameters bad = new Parameters();
		bad.addParameter().setName("month").setValue(new StringType(MONTH));
		bad.addParameter().setName("csv").setValue(new StringType("unit,visits,admissions\nXRMYY,10,2\nNOSUCH,1,1\n县外,3,1\n"));
		assertThatThrownBy(() -> bureau.operation().onType("MeasureReport").named("$import-out-of-county")
				.withParameters(bad).execute())
				.isInstanceOf(InvalidRequestException.class).hasMessageContaining("HUB-5604").hasMessageContaining("line 3");
		assertThat(evaluate(bureau, "in-county-visit-rate", MONTH, null).getStatus())
				.isEqualTo(MeasureReport.MeasureReportStatus.PENDING);
		HttpResponse<String> imported = http("POST", "/indicators/out-of-county?month=" + MONTH,
				"\uFEFFunit,visits,admissions\r\nXRMYY,500,40\r\nWSY01,300,5\r\nCWS0101,100,0\r\n县外,100,5\r\n",
				"Bearer " + tokenAs(List.of(Roles.BUREAU_ANALYST)));
		assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
		ReportReading inCounty = new ReportReading(evaluate(bureau, "in-county-visit-rate", MONTH, null));
		assertThat(inCounty.count("rate", "total", null, "numerator")).isEqualTo(900);
		assertThat(inCounty.count("rate", "total", null, "denominator")).isEqualTo(1000);
		assertThat(inCounty.score("rate", "total", null)).isEqualByComparingTo("0.9");
		assertThat(inCounty.count("rate", "unit", "XRMYY", "numerator")).isEqualTo(500);
		ReportReading admissions = new ReportReading(evaluate(bureau, "in-county-admission-share", MONTH, null));
		assertThat(admissions.score("share", "total", null)).isEqualByComparingTo("0.9");

		// the CSV export
		HttpResponse<String> csv = http("GET", "/indicators/figures.csv?month=" + MONTH
				+ "&measure=primary-care-visit-share&stratifier=unit", null, "Bearer " + tokenAs(List.of(Roles.BUREAU_ANALYST)));
		assertThat(csv.statusCode()).isEqualTo(200);
		assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
		assertThat(csv.body().lines().toList()).contains(
				"\uFEFF" + String.join(",", FigureTable.HEADER),
				"2021-07,primary-care-visit-share,share,unit,WSY01,城关镇卫生院,4,4,4,1.0000",
				"2021-07,primary-care-visit-share,share,unit,XRMYY,示范县人民医院,5,0,5,0.0000");

		// what other tools read: valid MeasureReports, with no patient in them
		Map<String, MeasureReport> withImport = reports(bureau, MONTH);
		OfficialValidator.Verdict verdict = new OfficialValidator()
				.judge(new ArrayList<IBaseResource>(withImport.values()), "indicator-reports");
		assertThat(verdict.errors()).isEmpty();
		String json = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(
				bureau.operation().onType("Measure").named("$evaluate-measure")
						.withParameter(Parameters.class, "month", new StringType(MONTH)).returnResourceType(Bundle.class)
						.execute());
		assertThat(json).doesNotContain("Patient/").doesNotContain("指标患者").doesNotContain(card);

		// only the bureau analyst evaluates
		assertThatThrownBy(() -> evaluate(client, "referrals", MONTH, null))
				.isInstanceOf(ForbiddenOperationException.class).hasMessageContaining("HUB-5406");
		assertThatThrownBy(() -> evaluate(bureau, "referrals", "July", null))
				.isInstanceOf(InvalidRequestException.class).hasMessageContaining("HUB-5601");
	}

	@Test
	void referralsAndReadingsOfTheRunningMonthAddTheirFigures() {
		String month = YearMonth.now(CHINA).toString();
		IGenericClient bureau = clientWith(tokenAs(List.of(Roles.BUREAU_ANALYST)));
		Map<String, MeasureReport> before = reports(bureau, month);

		Referrals referrals = new Referrals(client);
		Patient first = Township.patient(client, "WSY01", Township.unique("ZB"), "指标转诊甲");
		Patient second = Township.patient(client, "WSY02", Township.unique("ZB"), "指标转诊乙");
		Task completed = referrals.task(referrals.send(Referrals.referral(first, "up", "WSY01", "XRMYY", "上转心内科"), "WSY01"));
		referrals.move(completed, "accepted", null, "XRMYY");
		referrals.move(completed, "in-progress", null, "XRMYY");
		referrals.move(completed, "completed", null, "XRMYY");
		Task accepted = referrals.task(referrals.send(Referrals.referral(second, "up", "WSY02", "XRMYY", "上转骨科"), "WSY02"));
		referrals.move(accepted, "accepted", null, "XRMYY");
		Task rejected = referrals.task(referrals.send(Referrals.referral(first, "up", "WSY01", "XRMYY", "上转眼科"), "WSY01"));
		referrals.move(rejected, "rejected", "本院眼科暂停接诊", "XRMYY");
		ServiceRequest down = Referrals.referral(first, "down", "XRMYY", "WSY01", "下转康复随访");
		down.addSupportingInfo(new Reference(carePlan(first)));
		referrals.send(down, "XRMYY");

		// a township exam read at the county's centre
		String exam = client.create().resource(examOrder(first, "WSY01", "DX")).execute().getId()
				.toUnqualifiedVersionless().getValue();
		DiagnosticReport report = Reports.imaging(first, "XRMYY", "DR-CHEST", "胸部DR正位片", "两肺未见明显异常");
		report.addBasedOn(new Reference(exam));
		client.create().resource(report).execute();

		Map<String, MeasureReport> after = reports(bureau, month);
		Delta referral = new Delta(before.get("referrals"), after.get("referrals"));
		assertThat(referral.count("up", "total", null, "initial-population")).isEqualTo(3);
		assertThat(referral.count("up", "unit", "WSY01", "initial-population")).isEqualTo(2);
		assertThat(referral.count("up", "unit", "WSY02", "initial-population")).isEqualTo(1);
		assertThat(referral.count("up", "route", "WSY01>XRMYY", "initial-population")).isEqualTo(2);
		assertThat(referral.count("down", "unit", "XRMYY", "initial-population")).isEqualTo(1);
		assertThat(referral.count("down", "route", "XRMYY>WSY01", "initial-population")).isEqualTo(1);
		assertThat(referral.count("down-up-ratio", "total", null, "numerator")).isEqualTo(1);
		assertThat(referral.count("down-up-ratio", "total", null, "denominator")).isEqualTo(3);
		assertThat(referral.count("completion-rate", "total", null, "denominator")).isEqualTo(2);
		assertThat(referral.count("completion-rate", "total", null, "numerator")).isEqualTo(1);
		assertThat(referral.count("hours-to-acceptance", "total", null, "measure-population")).isEqualTo(2);
		assertThat(new ReportReading(after.get("referrals")).score("hours-to-acceptance", "total", null)).isNotNull();

		Delta reading = new Delta(before.get("remote-reading"), after.get("remote-reading"));
		assertThat(reading.count("requests", "unit", "WSY01", "initial-population")).isEqualTo(1);
		assertThat(reading.count("requests", "modality", "DX", "initial-population")).isEqualTo(1);
		assertThat(reading.count("requests", "centre", "XRMYY", "initial-population")).isEqualTo(1);
		assertThat(reading.count("within-limit", "total", null, "denominator")).isEqualTo(1);
		assertThat(reading.count("within-limit", "total", null, "numerator")).isEqualTo(1);
		assertThat(reading.count("turnaround-median", "unit", "WSY01", "measure-population")).isEqualTo(1);
	}

	/** What a scripted story added to a report of the running month. */
	private record Delta(MeasureReport before, MeasureReport after) {
		int count(String group, String stratifier, String stratum, String population) {
			return new ReportReading(after).count(group, stratifier, stratum, population)
					- new ReportReading(before).count(group, stratifier, stratum, population);
		}
	}

	// ---- the units' systems ----

	private String patient(String unit) {
		return Township.patient(client, unit, Township.unique("ZB"), "指标患者").getIdElement().getValue();
	}

	private void visit(String patient, String unit, String encounterClass, String status, String start) {
		Visits.create(client, patient, unit, encounterClass, status, start);
	}

	/** An outpatient visit through the ADT feed: registered (A04), then finished (A03) with its discharge time. */
	private void outpatientVisitThroughTheFeed(String unit, String admitted, String discharged) {
		String mrn = FeedMessages.unique("M");
		String visit = FeedMessages.unique("V");
		try (MllpClient mllp = new MllpClient(mllpPort())) {
			for (String event : List.of("A04", "A03")) {
				String[] pv1 = new String[46];
				java.util.Arrays.fill(pv1, "");
				pv1[0] = "PV1";
				pv1[1] = "1";
				pv1[2] = "O";
				pv1[3] = "全科门诊^^^" + unit;
				pv1[19] = visit;
				pv1[44] = admitted;
				pv1[45] = "A03".equals(event) ? discharged : "";
				String message = "MSH|^~\\&|HIS|" + unit + "|COUNTYHUB|SFXYGT|" + admitted + "||ADT^" + event
						+ "^ADT_A01|" + FeedMessages.unique("C") + "|P|2.5.1||||||UNICODE UTF-8\r"
						+ "EVN|" + event + "|" + admitted + "\r"
						+ "PID|1||" + mrn + "^^^" + unit + "^MR~" + FeedMessages.idCard() + "^^^CHN^NNCHN||指标^患者||19800115|F\r"
						+ String.join("|", pv1) + "\r";
				MllpClient.Ack ack = mllp.send(message, java.nio.charset.StandardCharsets.UTF_8);
				assertThat(ack.code()).as(ack.text()).isEqualTo("AA");
			}
		}
	}

	private String order(String unit, String patient, String authored) {
		ServiceRequest order = new ServiceRequest();
		order.addIdentifier().setSystem(HubSystems.CANONICAL_BASE + "/unit/" + unit + "/sid/order")
				.setValue("O" + RecognitionFixtures.unique());
		order.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
		order.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
		order.setCode(new CodeableConcept(RecognitionFixtures.catalogue("GLU")));
		order.setSubject(new Reference(patient));
		order.setRequester(new Reference("Organization/" + unit));
		order.setAuthoredOnElement(new DateTimeType(authored));
		return client.create().resource(order).execute().getId().toUnqualifiedVersionless().getValue();
	}

	private void decide(String report, String unit, String patient, String order, String decision, String reason) {
		Parameters in = new Parameters();
		in.addParameter().setName("decision").setValue(new CodeType(decision));
		if (reason != null) {
			in.addParameter().setName("reason").setValue(new CodeType(reason));
		}
		in.addParameter().setName("unit").setValue(new Reference("Organization/" + unit));
		in.addParameter().setName("clinician").setValue(new Reference().setDisplay("李医生"));
		in.addParameter().setName("patientInformed").setValue(new BooleanType(true));
		in.addParameter().setName("patient").setValue(new Reference(patient));
		in.addParameter().setName("order").setValue(new Reference(order));
		client.operation().onInstance(report).named("$recognition-decision").withParameters(in)
				.returnResourceType(Observation.class).execute();
	}

	private String carePlan(Patient patient) {
		return client.create().resource(Referrals.followUpPlan(patient, "XRMYY", "康复随访计划")).execute().getId()
				.toUnqualifiedVersionless().getValue();
	}

	private static ServiceRequest examOrder(Patient patient, String unit, String modality) {
		ServiceRequest order = new ServiceRequest();
		order.addIdentifier().setSystem(HubSystems.unitAccession(unit)).setValue(Township.unique("DR"));
		order.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
		order.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
		order.setPriority(ServiceRequest.ServiceRequestPriority.ROUTINE);
		order.setCode(new CodeableConcept(new Coding(HubSystems.DICOM_DCM, modality, null)).setText(modality + " 检查"));
		order.setSubject(new Reference(patient.getIdElement().getValue()));
		order.setAuthoredOn(new Date());
		order.setRequester(new Reference("Organization/" + unit));
		return order;
	}

	// ---- the bureau's side ----

	private static MeasureReport evaluate(IGenericClient as, String measure, String month, String reporter) {
		Parameters in = new Parameters();
		in.addParameter().setName("month").setValue(new StringType(month));
		if (reporter != null) {
			in.addParameter().setName("reporter").setValue(new StringType(reporter));
		}
		return as.operation().onInstance("Measure/" + measure).named("$evaluate-measure").withParameters(in)
				.useHttpGet().returnResourceType(MeasureReport.class).execute();
	}

	private static Map<String, MeasureReport> reports(IGenericClient as, String month) {
		Bundle all = as.operation().onType("Measure").named("$evaluate-measure")
				.withParameter(Parameters.class, "month", new StringType(month)).useHttpGet()
				.returnResourceType(Bundle.class).execute();
		return all.getEntry().stream().map(e -> (MeasureReport) e.getResource())
				.collect(Collectors.toMap(r -> r.getMeasure().substring(r.getMeasure().lastIndexOf('/') + 1),
						Function.identity()));
	}

	private HttpResponse<String> http(String method, String path, String body, String bearer) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Authorization", bearer);
		if (body != null) {
			request.header("Content-Type", "text/csv; charset=UTF-8")
					.method(method, HttpRequest.BodyPublishers.ofString(body));
		} else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}
}
