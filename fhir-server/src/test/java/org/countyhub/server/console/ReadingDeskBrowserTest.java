package org.countyhub.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.recognition.RecognitionFixtures;
import org.countyhub.server.support.DicomFile;
import org.countyhub.server.support.Orthanc;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * 远程诊断工作台 in a real browser, with a real PACS (Orthanc) holding the township's images: the county reading
 * physician sees the township's DR on the worklist, is told that a Task another reader claimed a second ago is
 * taken, claims the DR, sees its images rendered through the hub, reports with a template, and the township
 * clinician reads the report in the 360 view. Same context as {@link ConsoleBrowserTest}.
 */
class ReadingDeskBrowserTest extends ConsoleBrowsing {


	@Test
	void readerClaimsTheTownshipDrSeesItsImagesAndTheTownshipReadsTheReport() {
		Orthanc pacs = Orthanc.shared();
		String name = "阅片" + RecognitionFixtures.unique().replaceAll("[0-9]", "");
		String mrn = "MZ" + RecognitionFixtures.unique();
		String patient = ConsoleSteps.townshipPatient(client, mrn, name);
		String accession = "DR" + RecognitionFixtures.unique();
		String order = order(patient, accession, "DX");
		String studyUid = "1.2.826.0.1.3680043.10.1234." + System.nanoTime();
		String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).format(DateTimeFormatter.BASIC_ISO_DATE);
		for (int i = 1; i <= 2; i++) {
			pacs.upload(DicomFile.image(studyUid, studyUid + ".1", studyUid + ".1." + i, 1, "DX", "CHEST", mrn, name,
					accession, today));
		}
		registerPacs(pacs);
		await().atMost(Duration.ofSeconds(30)).until(() -> studyFor(order));
		// reader-xrmyy claims with the role the county's staff directory gives them (county/demo/staff.yaml)
		// another township exam, claimed by another reader of the centre a moment before our reader clicks
		String otherOrder = order(patient, "DR" + RecognitionFixtures.unique(), "CR");
		String otherRole = readerRole("console-other-reader-" + RecognitionFixtures.unique(),
				otherReader(), "XRMYY");

		browser.go(baseUrl() + "/console/reading");
		browser.waitFor(ExpectedConditions.titleContains("登录"));
		ConsoleSteps.signIn(browser, "reader-xrmyy");
		browser.waitFor(ExpectedConditions.titleContains("远程诊断工作台"));
		assertThat(browser.text("[data-test=role]")).isEqualTo("诊断中心医生");
		WebElement row = row(taskOf(order));
		assertThat(row.getText()).contains("城关镇卫生院", name, "DX", "常规", "待诊断");
		browser.assertAccessible("远程诊断工作台");
		browser.screenshot("13-reading-worklist");

		// filters: CR only shows the other exam, not the DR
		new Select(browser.find("#w-modality")).selectByValue("CR");
		browser.find("form.filters button[type=submit]").click();
		browser.waitFor(driver -> driver.findElements(By.cssSelector("tr[data-task='" + taskOf(order) + "']")).isEmpty());
		assertThat(row(taskOf(otherOrder)).getText()).contains("CR", "待诊断");

		// claimed a second ago by someone else: said so, and the current state is shown
		claimAs(taskOf(otherOrder), otherRole);
		row(taskOf(otherOrder)).findElement(By.cssSelector("button.primary")).click();
		browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-test=refused]")));
		assertThat(browser.text("[data-test=refused]")).contains("已被其他医生领取");
		assertThat(row(taskOf(otherOrder)).findElement(By.cssSelector("[data-test=status]")).getText())
				.contains("已领取");
		browser.screenshot("14-reading-claimed-by-another");

		// claim the DR, give it back (释放), and claim it again: the reading view with its images through the hub
		row(taskOf(order)).findElement(By.cssSelector("button.primary")).click();
		browser.waitFor(ExpectedConditions.titleContains("阅片与报告"));
		browser.find("main p a").click();
		browser.waitFor(ExpectedConditions.titleContains("远程诊断工作台"));
		row(taskOf(order)).findElements(By.tagName("button")).stream().filter(b -> b.getText().equals("释放"))
				.findFirst().orElseThrow().click();
		browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-test=done]")));
		assertThat(row(taskOf(order)).findElement(By.cssSelector("[data-test=status]")).getText()).isEqualTo("待诊断");
		row(taskOf(order)).findElement(By.cssSelector("button.primary")).click();
		browser.waitFor(ExpectedConditions.titleContains("阅片与报告"));
		assertThat(browser.text("[data-test=reading-status]")).isEqualTo("已领取");
		assertThat(browser.all("img[data-test=frame]")).hasSize(2);
		assertThat(browser.driver().getPageSource()).doesNotContain(pacs.dicomWebUrl());
		// the township declares its PACS's own viewer (county/demo/units/WSY01/unit.yaml): 在PACS中查看 opens the study
		assertThat(browser.find("[data-test=pacs-viewer]").getDomAttribute("href"))
				.isEqualTo("http://pacs.wsy01.example.cn/viewer?StudyInstanceUIDs=" + studyUid);
		awaitImagesRendered();
		applyLungWindow();
		browser.assertAccessible("阅片与报告");
		browser.screenshot("15-reading-view");

		// a report with an empty 诊断意见 is refused beside the field, what was typed kept
		browser.find("a.button[href*='template=chest-bronchitis']").click();
		browser.waitFor(driver -> driver.findElement(By.id("findings")).getDomProperty("value").contains("双肺纹理增多"));
		browser.find("#impression").clear();
		browser.find(".report form button[type=submit]").click();
		browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("impression-error")));
		assertThat(browser.text("#impression-error")).isEqualTo("请填写诊断意见");
		assertThat(browser.find("#findings").getDomProperty("value")).contains("双肺纹理增多");
		browser.type("#impression", "双肺纹理增粗，考虑支气管炎。");
		browser.find("#critical").click();
		browser.find(".report form button[type=submit]").click();
		browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-test=done]")));
		assertThat(browser.text("[data-test=done]")).contains("报告已提交", name);
		// back on the worklist: the reader's own count of today's reports and their turnaround
		assertThat(browser.text("[data-test=my-turnaround]")).matches("今日我已出报告 [1-9][0-9]* 份，申请至报告中位用时 [0-9]+ 分钟。");
		Task completed = client.read().resource(Task.class).withId(taskOf(order)).execute();
		assertThat(completed.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);

		// 修订报告: the reader's own report, from the 已出报告 list; a revision without 修订说明 is refused beside it
		browser.go(baseUrl() + "/console/reading?status=reported&sort=newest");
		row(taskOf(order)).findElement(By.cssSelector("[data-test=revise]")).click();
		browser.waitFor(ExpectedConditions.titleContains("阅片与报告"));
		assertThat(browser.find("#impression").getDomProperty("value")).isEqualTo("双肺纹理增粗，考虑支气管炎。");
		browser.find("#impression").clear();
		browser.type("#impression", "双肺纹理增粗，考虑急性支气管炎，建议抗感染治疗后复查。");
		browser.find("#critical").click();
		browser.find("[data-test=submit-revision]").click();
		browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("revision-error")));
		assertThat(browser.text("#revision-error")).isEqualTo("请填写修订说明（为何修改报告）");
		assertThat(browser.find("#impression").getDomProperty("value")).contains("急性支气管炎");
		browser.assertAccessible("修订报告");
		browser.screenshot("15b-reading-revision");
		browser.type("#revision", "误标危急值，已撤销；补充诊断意见。");
		browser.find("[data-test=submit-revision]").click();
		browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-test=done]")));
		assertThat(browser.text("[data-test=done]")).contains("修订报告已提交", name);
		DiagnosticReport revised = client.read().resource(DiagnosticReport.class)
				.withId(((Reference) client.read().resource(Task.class).withId(taskOf(order)).execute()
						.getOutputFirstRep().getValue()).getReferenceElement().getIdPart()).execute();
		assertThat(revised.getStatus()).isEqualTo(DiagnosticReport.DiagnosticReportStatus.AMENDED);
		assertThat(revised.getMeta().getVersionId()).isEqualTo("2");

		// the township clinician reads it in the 360 view
		browser.find("header form button[type=submit]").click();
		browser.waitFor(ExpectedConditions.titleContains("已退出"));
		browser.go(baseUrl() + "/console/patients/" + new IdType(patient).getIdPart());
		browser.waitFor(ExpectedConditions.titleContains("登录"));
		ConsoleSteps.signIn(browser, "clinician-wsy01");
		browser.waitFor(ExpectedConditions.titleContains("患者360视图"));
		// the township's own order is listed as 检查申请, the centre's report as 检查
		assertThat(ConsoleSteps.timelineRow(browser, "胸部DR正位片", "检查申请").getText()).contains("城关镇卫生院");
		WebElement report = ConsoleSteps.timelineRow(browser, "胸部DR正位片", "已修改");
		assertThat(report.getText()).contains("检查", "已修改");
		report.findElement(By.linkText("胸部DR正位片")).click();
		browser.waitFor(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=findings]")));
		assertThat(browser.text("[data-test=findings]")).contains("双肺纹理增多");
		assertThat(browser.text("[data-test=conclusion]")).isEqualTo("双肺纹理增粗，考虑急性支气管炎，建议抗感染治疗后复查。");
		assertThat(browser.text("[data-test=revision]")).isEqualTo("修订说明：误标危急值，已撤销；补充诊断意见。");
		assertThat(browser.all("[data-test=critical]")).isEmpty();
		assertThat(browser.text("[data-test=pacs-viewer]")).startsWith("在PACS中查看");
		browser.assertAccessible("远程诊断报告");
		browser.screenshot("16-reading-report-at-township");

		// 查看影像: the study's frames through the hub, as in the reading view, with the window presets
		browser.find("[data-test=report-images]").click();
		browser.waitFor(ExpectedConditions.titleContains("影像"));
		assertThat(browser.all("img[data-test=frame]")).hasSize(2);
		assertThat(browser.driver().getPageSource()).doesNotContain(pacs.dicomWebUrl());
		awaitImagesRendered();
		applyLungWindow();
		browser.assertAccessible("报告影像");
		browser.screenshot("16b-report-images-at-township");

		// a clinician of another township, with no treating relationship or consent, gets neither page nor frame
		String imagesPage = browser.driver().getCurrentUrl();
		String frame = browser.find("img[data-test=frame]").getDomProperty("src");
		browser.find("header form button[type=submit]").click();
		browser.waitFor(ExpectedConditions.titleContains("已退出"));
		browser.go(imagesPage);
		browser.waitFor(ExpectedConditions.titleContains("登录"));
		ConsoleSteps.signIn(browser, "clinician-wsy02");
		browser.waitFor(driver -> !driver.getTitle().contains("登录"));
		assertThat(browser.driver().getTitle()).containsAnyOf("无权查看", "未找到");
		assertThat(browser.all("img[data-test=frame]")).isEmpty();
		browser.go(frame);
		assertThat(browser.driver().getTitle()).containsAnyOf("无权查看", "未找到");
	}

	private WebElement row(String task) {
		return browser.waitFor(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-task='" + task + "']")));
	}

	/** 肺窗: the frames come again through the hub with the preset's window. */
	private void applyLungWindow() {
		new Select(browser.find("#preset")).selectByValue("lung");
		browser.find(".images form button[type=submit]").click();
		browser.waitFor(driver -> driver.findElement(By.cssSelector("img[data-test=frame]")).getDomAttribute("src")
				.contains("preset=lung"));
		awaitImagesRendered();
	}

	private void awaitImagesRendered() {
		browser.waitFor(driver -> (Boolean) ((JavascriptExecutor) driver).executeScript(
				"return [...document.querySelectorAll('img[data-test=frame]')]"
						+ ".every(i => i.complete && i.naturalWidth > 0);"));
	}

	/** The township's order as its HIS sends it; the hub routes it to the county imaging centre. */
	private String order(String patient, String accession, String modality) {
		ServiceRequest order = new ServiceRequest();
		order.addIdentifier().setSystem(HubSystems.unitAccession("WSY01")).setValue(accession);
		order.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
		order.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
		order.setPriority(ServiceRequest.ServiceRequestPriority.ROUTINE);
		order.setCode(new CodeableConcept(new Coding(HubSystems.DICOM_DCM, modality, null))
				.addCoding(RecognitionFixtures.catalogue("DR-CHEST")).setText("胸部DR正位片"));
		order.setSubject(new Reference(patient));
		order.setAuthoredOn(new Date());
		order.setRequester(new Reference("Organization/WSY01"));
		return client.create().resource(order).execute().getId().toUnqualifiedVersionless().getValue();
	}

	private String taskOf(String order) {
		Bundle tasks = client.search().forResource(Task.class).where(Task.FOCUS.hasId(order))
				.returnBundle(Bundle.class).execute();
		return tasks.getEntryFirstRep().getResource().getIdElement().getIdPart();
	}

	private boolean studyFor(String order) {
		return !client.search().forResource(ImagingStudy.class).where(ImagingStudy.BASEDON.hasId(order))
				.returnBundle(Bundle.class).execute().getEntry().isEmpty();
	}

	private void registerPacs(Orthanc pacs) {
		Endpoint endpoint = new Endpoint();
		endpoint.setId("WSY01-pacs");
		endpoint.setStatus(Endpoint.EndpointStatus.ACTIVE);
		endpoint.setConnectionType(new Coding("http://terminology.hl7.org/CodeSystem/endpoint-connection-type",
				"dicom-wado-rs", null));
		endpoint.setManagingOrganization(new Reference("Organization/WSY01"));
		endpoint.addPayloadType().setText("DICOM");
		endpoint.addPayloadMimeType("application/dicom");
		endpoint.setAddress(pacs.dicomWebUrl());
		client.update().resource(endpoint).execute();
	}

	/** The demo reader's Practitioner and their role at the centre, as the county's staff directory would hold them. */
	private String readerRole(String roleId, String practitioner, String centre) {
		Practitioner person = new Practitioner();
		person.setId(practitioner);
		person.addName(new HumanName().setText(practitioner));
		client.update().resource(person).execute();
		PractitionerRole role = new PractitionerRole();
		role.setId(roleId);
		role.setActive(true);
		role.setPractitioner(new Reference(practitioner));
		role.setOrganization(new Reference("Organization/" + centre));
		client.update().resource(role).execute();
		return "PractitionerRole/" + roleId;
	}

	private static String otherReader() {
		return "Practitioner/console-other-" + RecognitionFixtures.unique();
	}

	private void claimAs(String task, String role) {
		Parameters reader = new Parameters();
		reader.addParameter().setName("reader").setValue(new Reference(role).setDisplay("李影像"));
		clientWith(tokenAs(java.util.List.of("reading-physician"), "XRMYY"))
				.operation().onInstance(new IdType("Task", task)).named("$claim").withParameters(reader)
				.returnResourceType(Task.class).execute();
	}
}
