package org.countyhub.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.ThreadLocalRandom;
import org.countyhub.county.CountyDirectory;
import org.countyhub.county.MemberUnit;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.access.AccessSeeds;
import org.countyhub.server.recognition.RecognitionFixtures;
import org.countyhub.server.security.totp.Totp;
import org.countyhub.server.support.Tokens;
import org.countyhub.server.workflow.Reports;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Timing;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in a real browser (Debian's headless Chromium) against the running hub with the demo county: a
 * township clinician signs in on the Chinese login page, finds a person by 身份证号 and by the township's 门诊号,
 * opens the 360 view and sees the county hospital's recognisable result with its HR 互认 badge, filters the
 * timeline, reads the result's values with the abnormal one flagged, and signs out. The data is written through
 * the hub's own REST API first, as a unit's system would. Every page is checked with axe-core.
 */
class ConsoleBrowserTest extends ConsoleBrowsing {

	/** The demo admins' authenticator secret (README, security/demo-sign-ins.yaml). */
	private static final String DEMO_ADMIN_TOTP_SECRET = "3AYGACA7QPACBODTQF56MC6UWNZMJVJB";

	@Test
	void townshipClinicianFindsThePersonAndSeesTheCountyResultWithItsRecognitionBadge() {
		Seeded seeded = seedPersonWithCountyResult();

		browser.go(baseUrl() + "/");
		browser.waitFor(ExpectedConditions.titleContains("登录"));
		assertThat(browser.find("html").getDomAttribute("lang")).isEqualTo("zh-CN");
		browser.assertAccessible("登录");
		browser.screenshot("01-login");
		signIn("clinician-wsy01");

		browser.waitFor(ExpectedConditions.titleContains("患者查找"));
		assertThat(browser.text("[data-test=user]")).isEqualTo("clinician-wsy01");
		assertThat(browser.text("[data-test=role]")).isEqualTo("临床医生");
		assertThat(browser.text("[data-test=unit]")).isEqualTo(unitName("WSY01"));
		browser.assertAccessible("患者查找");

		// a malformed ID card number: a Chinese message beside the field, the typed value kept
		browser.type("#idCard", "42010719500312");
		browser.find("form.search button[type=submit]").click();
		browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("idCard-error")));
		assertThat(browser.text("#idCard-error")).contains("身份证号应为18位");
		assertThat(browser.find("#idCard").getDomProperty("value")).isEqualTo("42010719500312");
		browser.assertAccessible("患者查找（输入有误）");
		browser.screenshot("02-search-bad-id-card");

		// by 身份证号: one person, each unit's record
		browser.type("#idCard", seeded.idCard());
		browser.find("form.search button[type=submit]").click();
		browser.waitFor(ExpectedConditions.presenceOfElementLocated(By.cssSelector("article.person")));
		assertThat(browser.all("article.person")).hasSize(1);
		String people = browser.text("article.person");
		assertThat(people).contains(seeded.name(), unitName("WSY01"), seeded.countyUnitName(), seeded.townshipMrn());
		assertThat(people).doesNotContain(seeded.idCard()).contains(ChineseFormats.maskIdCard(seeded.idCard()));
		assertThat(browser.all("article.person tbody tr")).hasSize(2);
		browser.assertAccessible("患者查找结果");
		browser.screenshot("03-search-by-id-card");

		// by the township's 门诊号: the same person, with the county's record too
		browser.type("#idCard", "");
		new Select(browser.find("#mrnUnit")).selectByValue("WSY01");
		browser.type("#mrn", seeded.townshipMrn());
		browser.find("form.search button[type=submit]").click();
		browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("results-title"), "查找结果"));
		assertThat(browser.all("article.person tbody tr")).hasSize(2);

		// the 360 view from the township's record
		browser.find("a[href$='/console/patients/" + seeded.townshipPatient() + "']").click();
		browser.waitFor(ExpectedConditions.titleContains("患者360视图"));
		assertThat(browser.text("[data-test=patient-name]")).isEqualTo(seeded.name());
		assertThat(browser.text("[data-test=sex]")).isEqualTo("男");
		assertThat(browser.text("[data-test=id-card]")).isEqualTo(ChineseFormats.maskIdCard(seeded.idCard()));
		// 临床摘要: the county's diagnosis and allergy, seen from the township's record
		assertThat(browser.text("[data-test=diagnoses]")).contains("2型糖尿病（E11.900）", "确诊", seeded.countyUnitName());
		assertThat(browser.text("[data-test=allergies]")).contains("青霉素（药物）", "活动，高危", seeded.countyUnitName());
		assertThat(browser.text("[data-test=medications]")).contains("阿托伐他汀钙片", "20 mg QD", "在用", seeded.countyUnitName());
		assertThat(browser.text("[data-test=phone]")).isEqualTo("139****0312");
		// 显示 the full 身份证号: shown, and recorded as an access the patient's unit can list
		browser.find("[data-test=reveal-id-card]").click();
		browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-test=id-card]"),
				seeded.idCard()));
		Bundle accesses = clientWith(Tokens.unitSystem(context(), "WSY01")).operation().onType(Patient.class)
				.named("$who-read-my-record").withParameter(Parameters.class, "identifier",
						new org.hl7.fhir.r4.model.StringType(HubSystems.RESIDENT_ID_CARD + "|" + seeded.idCard()))
				.useHttpGet().returnResourceType(Bundle.class).execute();
		assertThat(accesses.getEntry()).map(e -> (org.hl7.fhir.r4.model.AuditEvent) e.getResource())
				.anySatisfy(event -> {
					assertThat(event.getSubtypeFirstRep().getCode()).isEqualTo("id-card-revealed");
					assertThat(event.getEntityFirstRep().getWhat().getReference())
							.isEqualTo("Patient/" + seeded.townshipPatient());
					assertThat(event.getOutcome()).isEqualTo(org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome._0);
				});
		assertThat(browser.text("[data-test=linked-units]")).contains(unitName("WSY01"), seeded.countyUnitName());
		WebElement row = timelineRow("空腹血糖");
		assertThat(row.getText()).contains(seeded.countyUnitName(), "检验", "已审核", "HR 互认", "有效期至");
		assertThat(row.findElement(By.cssSelector("[data-test=hr-badge]")).isDisplayed()).isTrue();
		browser.assertAccessible("患者360视图");
		browser.screenshot("04-patient-360");

		// filters (htmx): 心电 shows the county's ECG only; 检验 brings the glucose back
		new Select(browser.find("#f-type")).selectByValue("ecg");
		browser.find("form.filters button[type=submit]").click();
		// the unfiltered timeline shows the ECG too: wait for the filtered one to replace it
		browser.waitFor(ExpectedConditions.not(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"),
				"空腹血糖")));
		assertThat(browser.text("#timeline")).contains("常规12导联心电图").doesNotContain("门诊");
		new Select(browser.find("#f-type")).selectByValue("lab");
		browser.find("form.filters button[type=submit]").click();
		browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "空腹血糖"));

		// the result's detail: values, units, range, the abnormal one flagged in words, the report text
		timelineRow("空腹血糖").findElement(By.linkText("空腹血糖")).click();
		browser.waitFor(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=result-title]")));
		assertThat(browser.text("[data-test=result-title]")).isEqualTo("空腹血糖");
		assertThat(browser.text("[data-test=valid-until]")).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}");
		WebElement abnormal = browser.find("table.values tr.abnormal");
		assertThat(abnormal.getText()).contains("葡萄糖", "7.8", "mmol/L", "3.9–6.1", "偏高");
		assertThat(browser.text("[data-test=conclusion]")).isEqualTo("空腹血糖偏高，建议复查。");
		browser.assertAccessible("结果详情");
		browser.screenshot("05-result-detail");

		// the ECG's detail shows its tracing (the PDF, read through the hub) inside the page
		browser.go(baseUrl() + "/console/results/DiagnosticReport/" + seeded.ecgReport());
		browser.waitFor(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=document] object.pdf")));
		assertThat(browser.text("[data-test=conclusion]")).isEqualTo("窦性心律，正常心电图。");
		String pdfStart = (String) ((JavascriptExecutor) browser.driver()).executeAsyncScript(
				"const done = arguments[arguments.length - 1];"
						+ "fetch(document.querySelector('[data-test=document-link]').href)"
						+ ".then(r => r.text()).then(t => done(t.substring(0, 8)));");
		assertThat(pdfStart).isEqualTo("%PDF-1.4");
		browser.assertAccessible("心电图报告");
		browser.screenshot("05b-ecg-report");

		// 退出: the session ends; the console asks to sign in again
		browser.find("header form button[type=submit]").click();
		browser.waitFor(ExpectedConditions.titleContains("已退出"));
		browser.screenshot("06-signed-out");
		browser.go(baseUrl() + "/console/patients");
		browser.waitFor(ExpectedConditions.titleContains("登录"));
	}

	@Test
	void orderingAnItemDoneAtTheCountyShowsTheCardAndTheDecisionNotToRecogniseIsListed() {
		Seeded seeded = seedPersonWithCountyResult();
		browser.go(baseUrl() + "/console/patients/" + seeded.townshipPatient());
		browser.waitFor(ExpectedConditions.titleContains("登录"));
		signIn("clinician-wsy01");
		browser.waitFor(ExpectedConditions.titleContains("患者360视图"));

		browser.find("[data-test=order]").click();
		browser.waitFor(ExpectedConditions.titleContains("开单互认提示"));
		// nothing picked: said beside the field
		browser.find("form.order button[type=submit]").click();
		browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("item-error")));
		assertThat(browser.text("#item-error")).isEqualTo("请选择检查检验项目");

		// the same item as the county's result: the hub's CDS Hooks card (htmx, no page load)
		new Select(browser.find("#item")).selectByValue("GLU");
		browser.find("form.order button[type=submit]").click();
		browser.waitFor(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=card-title]")));
		assertThat(browser.text("[data-test=card-title]"))
				.isEqualTo("近2天已在" + seeded.countyUnitName() + "做过空腹血糖，可互认");
		assertThat(browser.text("section.card")).contains("已有可互认结果", "有效期至");
		browser.assertAccessible("开单互认提示");
		browser.screenshot("10-order-card");

		// 不予互认 without a reason: refused beside the field, the choice kept
		browser.find("#decision-not-recognised").click();
		browser.find("form.decision button[type=submit]").click();
		browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("reason-error")));
		assertThat(browser.text("#reason-error")).isEqualTo("不予互认须选择理由");
		assertThat(browser.find("#decision-not-recognised").isSelected()).isTrue();
		browser.assertAccessible("开单互认提示（未选理由）");
		browser.screenshot("11-order-decision-without-reason");

		// a state-changing request without the form's CSRF token is refused
		Object status = ((JavascriptExecutor) browser.driver()).executeAsyncScript(
				"const done = arguments[arguments.length - 1];"
						+ "fetch(location.pathname + '/decision', {method: 'POST', headers: {'Content-Type': "
						+ "'application/x-www-form-urlencoded'}, body: 'item=GLU&decision=recognised'})"
						+ ".then(r => done(r.status));");
		assertThat(status).isEqualTo(403L);

		new Select(browser.find("#reason")).selectByValue("emergency");
		browser.find("#informed").click();
		browser.find("form.decision button[type=submit]").click();
		browser.waitFor(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=recorded]")));
		assertThat(browser.text("[data-test=recorded]")).startsWith("已记录：不予互认（葡萄糖）");

		// the decision in the 360 view's timeline
		browser.find("#order-result a").click();
		browser.waitFor(ExpectedConditions.titleContains("患者360视图"));
		WebElement decision = timelineRow("不予互认");
		assertThat(decision.getText()).contains("互认决定", "不予互认：葡萄糖（急诊急救）", unitName("WSY01"));
		browser.screenshot("12-decision-in-timeline");
	}

	@Test
	void aPersonWithSeveralUnitsChoosesTheActingUnitAndCanSwitch() {
		browser.go(baseUrl() + "/console");
		browser.waitFor(ExpectedConditions.titleContains("登录"));
		signIn("clinician-xrmyy-wsy01");
		browser.waitFor(ExpectedConditions.titleContains("选择单位"));
		assertThat(browser.text("[data-test=unit]")).isEqualTo("未选择单位");
		browser.assertAccessible("选择单位");
		browser.screenshot("07-choose-unit");

		// nothing chosen: said in Chinese, still on the choice
		browser.find("main form button[type=submit]").click();
		browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("unit-error")));
		assertThat(browser.text("#unit-error")).isEqualTo("请选择您本次代表的单位");

		browser.find("#unit-WSY01").click();
		browser.find("main form button[type=submit]").click();
		browser.waitFor(ExpectedConditions.titleContains("患者查找"));
		assertThat(browser.text("[data-test=unit]")).isEqualTo(unitName("WSY01"));

		browser.find("header a[href$='/console/unit']").click();
		browser.waitFor(ExpectedConditions.titleContains("选择单位"));
		browser.find("#unit-XRMYY").click();
		browser.find("main form button[type=submit]").click();
		browser.waitFor(ExpectedConditions.titleContains("患者查找"));
		assertThat(browser.text("[data-test=unit]")).isEqualTo(unitName("XRMYY"));
	}

	@Test
	void aWrongPasswordIsSaidInChineseAndTheUserNameIsKept() {
		browser.go(baseUrl() + "/console");
		browser.waitFor(ExpectedConditions.titleContains("登录"));
		browser.type("#username", "clinician-xzyy");
		browser.type("#password", "not-the-password");
		browser.find("main form button[type=submit]").click();
		browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
		assertThat(browser.text("#login-error")).isEqualTo("用户名或密码错误，请重新输入。");
		assertThat(browser.find("#username").getDomProperty("value")).isEqualTo("clinician-xzyy");
		browser.assertAccessible("登录（密码错误）");
		browser.screenshot("08-login-failed");
	}

	@Test
	void anAdminTypesTheCodeFromTheAuthenticatorAfterThePassword() {
		browser.go(baseUrl() + "/console");
		browser.waitFor(ExpectedConditions.titleContains("登录"));
		signIn("system-admin");
		browser.waitFor(ExpectedConditions.titleContains("动态验证码"));
		assertThat(browser.text("main h1")).isEqualTo("第二步：动态验证码");
		browser.assertAccessible("动态验证码");
		browser.screenshot("09-second-factor");

		// a code from another secret is refused in Chinese, and the page stays
		browser.type("#code", Totp.code("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", Totp.step(Instant.now())));
		browser.find("main form button[type=submit]").click();
		browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("main [role=alert]")));
		assertThat(browser.text("main [role=alert]")).isEqualTo("验证码不正确或已使用过，请输入当前显示的新验证码。");

		browser.type("#code", Totp.code(DEMO_ADMIN_TOTP_SECRET, Totp.step(Instant.now())));
		browser.find("main form button[type=submit]").click();
		browser.waitFor(driver -> !driver.getCurrentUrl().contains("/login"));
		assertThat(browser.driver().getCurrentUrl()).startsWith(baseUrl());
	}

	private void signIn(String username) {
		ConsoleSteps.signIn(browser, username);
	}

	private WebElement timelineRow(String item) {
		return ConsoleSteps.timelineRow(browser, item);
	}

	private String unitName(String code) {
		return context().getBean(CountyDirectory.class).byCode(code).map(MemberUnit::name).orElseThrow();
	}

	record Seeded(String idCard, String name, String countyUnitName, String townshipPatient, String townshipMrn,
			String ecgReport) {}

	/**
	 * A person registered at a county hospital qualified for glucose (a new unit, so no other test's data moves)
	 * and at the township centre WSY01, with the county's final, recognisable fasting glucose of two days ago.
	 * Returns once the hub links the two records (its history from the township's record shows the result).
	 */
	private Seeded seedPersonWithCountyResult() {
		RecognitionFixtures fixtures = new RecognitionFixtures(client);
		String countyUnitName = "测试县人民医院" + RecognitionFixtures.unique();
		String countyUnit = fixtures.unit(countyUnitName, "2000-01-01", null, "GLU");
		String idCard = idCard();
		String name = "控制台" + RecognitionFixtures.unique().replaceAll("[0-9]", "");
		String countyPatient = patient(countyUnit, idCard, name, "ZY" + RecognitionFixtures.unique());
		String townshipMrn = "MZ" + RecognitionFixtures.unique();
		String townshipPatient = patient("WSY01", idCard, name, townshipMrn);
		// the township clinician sees the person today: the treating relationship that opens the county's records
		AccessSeeds.encounterToday(client, "WSY01", new IdType(townshipPatient));

		DateTimeType taken = new DateTimeType(java.util.Date.from(LocalDate.now(ZoneId.of("Asia/Shanghai"))
				.minusDays(2).atTime(9, 40).atZone(ZoneId.of("Asia/Shanghai")).toInstant()));
		Observation glucose = new Observation();
		glucose.setStatus(Observation.ObservationStatus.FINAL);
		glucose.getCode().addCoding(RecognitionFixtures.catalogue("GLU")).setText("葡萄糖");
		glucose.setSubject(new Reference(countyPatient));
		glucose.setEffective(taken);
		glucose.addPerformer(new Reference("Organization/" + countyUnit));
		glucose.setValue(new Quantity().setValue(7.8).setUnit("mmol/L"));
		glucose.addReferenceRange().setLow(new Quantity().setValue(3.9).setUnit("mmol/L"))
				.setHigh(new Quantity().setValue(6.1).setUnit("mmol/L"));
		glucose.addInterpretation(new CodeableConcept(new Coding(
				"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "H", "High")));
		IdType glucoseId = (IdType) client.create().resource(glucose).execute().getId().toUnqualifiedVersionless();

		DiagnosticReport report = RecognitionFixtures.newReport(countyPatient, countyUnit,
				DiagnosticReport.DiagnosticReportStatus.FINAL, taken.getValueAsString(), RecognitionFixtures.catalogue("GLU"));
		report.getCode().setText("空腹血糖");
		report.addResult(new Reference(glucoseId));
		report.setConclusion("空腹血糖偏高，建议复查。");
		String reportId = client.create().resource(report).execute().getId().getIdPart();

		// the county's diagnosis and the allergy it recorded, for the summary column
		Condition diabetes = new Condition();
		diabetes.getMeta().addProfile("https://countyhub.org/fhir/StructureDefinition/encounter-diagnosis");
		diabetes.addIdentifier().setSystem(HubSystems.unitIdentifierSystem(countyUnit, "diagnosis"))
				.setValue("DG" + RecognitionFixtures.unique());
		diabetes.getVerificationStatus().addCoding()
				.setSystem("http://terminology.hl7.org/CodeSystem/condition-ver-status").setCode("confirmed");
		diabetes.addCategory().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/condition-category")
				.setCode("encounter-diagnosis");
		diabetes.getCode().setText("2型糖尿病").addCoding().setSystem(HubSystems.ICD10_CN_CLINICAL)
				.setCode("E11.900").setDisplay("2型糖尿病");
		diabetes.setSubject(new Reference(countyPatient));
		diabetes.setRecordedDateElement(taken);
		client.create().resource(diabetes).execute();
		AllergyIntolerance penicillin = new AllergyIntolerance();
		penicillin.getClinicalStatus().addCoding()
				.setSystem("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical").setCode("active");
		penicillin.addCategory(AllergyIntolerance.AllergyIntoleranceCategory.MEDICATION);
		penicillin.setCriticality(AllergyIntolerance.AllergyIntoleranceCriticality.HIGH);
		penicillin.getCode().setText("青霉素");
		penicillin.setPatient(new Reference(countyPatient));
		client.create().resource(penicillin).execute();
		MedicationRequest statin = new MedicationRequest();
		statin.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
		statin.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
		statin.setMedication(new CodeableConcept().setText("阿托伐他汀钙片"));
		statin.setSubject(new Reference(countyPatient));
		statin.setAuthoredOnElement(taken);
		statin.setRequester(new Reference("Organization/" + countyUnit));
		statin.addDosageInstruction().setTiming(new Timing().setCode(new CodeableConcept(new Coding(
						"http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation", "QD", null))))
				.addDoseAndRate().setDose(new Quantity().setValue(20).setUnit("mg"));
		client.create().resource(statin).execute();

		// the county's ECG, its tracing a PDF as the ECG cart exports it
		Patient atCounty = new Patient();
		atCounty.setId(countyPatient);
		String ecgId = client.create().resource(Reports.ecg(atCounty, countyUnit, "ECG-12", "常规12导联心电图",
				"窦性心律，正常心电图。")).execute().getId().getIdPart();

		await().atMost(Duration.ofSeconds(90)).until(() -> historyHas(townshipPatient, reportId)
				&& historyHas(townshipPatient, ecgId));
		return new Seeded(idCard, name, countyUnitName, new IdType(townshipPatient).getIdPart(), townshipMrn, ecgId);
	}

	private boolean historyHas(String patient, String reportId) {
		Bundle history = client.operation().onInstance(new IdType(patient)).named("$history-across-units")
				.withNoParameters(Parameters.class).useHttpGet().returnResourceType(Bundle.class).execute();
		return history.getEntry().stream().anyMatch(e -> e.getResource() instanceof DiagnosticReport
				&& e.getResource().getIdElement().getIdPart().equals(reportId));
	}

	private String patient(String unit, String idCard, String name, String mrn) {
		Patient patient = new Patient();
		patient.addIdentifier().setSystem(HubSystems.RESIDENT_ID_CARD).setValue(idCard);
		patient.addIdentifier().setSystem(HubSystems.unitPatientNumber(unit)).setValue(mrn);
		patient.addName().setText(name);
		patient.setGender(AdministrativeGender.MALE);
		patient.setBirthDateElement(new DateType("1950-03-12"));
		patient.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue("13900000312");
		patient.setManagingOrganization(new Reference("Organization/" + unit));
		return client.create().resource(patient).execute().getId().toUnqualifiedVersionless().getValue();
	}

	/** A resident ID card number with a right check character, unique to this run. */
	private static String idCard() {
		String first = "42010719500312" + String.format("%03d", ThreadLocalRandom.current().nextInt(1000));
		int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
		char[] check = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
		int sum = 0;
		for (int i = 0; i < 17; i++) {
			sum += (first.charAt(i) - '0') * weights[i];
		}
		return first + check[sum % 11];
	}

}
