package org.countyhub.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Date;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.recognition.RecognitionFixtures;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The header's bell (通知) in a real browser: a township exam routed to the county reading centre while the reader
 * looks at the worklist raises the bell's count without a page reload (htmx polling every 30 seconds); opening the
 * list names it and the count goes back to none. And 在PACS中查看 on an imaging result: shown for a study of a unit
 * that declares its PACS's viewer, not for one of a unit that declares none. Same context as
 * {@link ConsoleBrowserTest}.
 */
class NotificationBellBrowserTest extends ConsoleBrowsing {

	private static final String NOTHING_NEW = "通知（无新通知）";

	@Test
	void aNewReadingRequestRaisesTheBellWithoutReloadAndOpeningTheListResetsIt() {
		String name = "通知" + RecognitionFixtures.unique().replaceAll("[0-9]", "");
		String patient = ConsoleSteps.townshipPatient(client, "MZ" + RecognitionFixtures.unique(), name);
		browser.go(baseUrl() + "/console/reading");
		browser.waitFor(ExpectedConditions.titleContains("登录"));
		ConsoleSteps.signIn(browser, "reader-xrmyy");
		browser.waitFor(ExpectedConditions.titleContains("远程诊断工作台"));
		// whatever earlier tests left today is seen first, so that the count starts from none; their records may
		// still change for a moment after they ended (each change is news again), so the list is opened until
		// nothing new follows
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
			ConsoleSteps.openBell(browser);
			return bellShowsWithin(NOTHING_NEW, Duration.ofSeconds(10));
		});
		assertThat(browser.all("[data-test=bell-count]")).isEmpty();
		// a mark in this page's JavaScript: still there later means the page was never reloaded
		((JavascriptExecutor) browser.driver()).executeScript("window.bellTestPage = true;");

		order(patient);

		// the next poll (at most 30 s) counts it
		await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500))
				.until(() -> "通知（1条新）".equals(ConsoleSteps.bellLabel(browser)));
		assertThat(browser.text("[data-test=bell-count]")).isEqualTo("1");
		assertThat(browser.text("[data-test=bell-news]")).isEqualTo("有1条新通知");
		assertThat((Boolean) ((JavascriptExecutor) browser.driver()).executeScript("return window.bellTestPage === true;"))
				.isTrue();

		ConsoleSteps.openBell(browser);
		assertThat(browser.all("#bell-panel [data-test=bell-item]")).hasSize(1);
		assertThat(browser.text("#bell-panel [data-test=bell-item]")).contains("新的待诊断检查：" + name);
		assertThat(browser.find("#bell-panel [data-test=bell-item] a").getDomAttribute("href"))
				.endsWith("/console/reading?status=waiting");
		assertThat(browser.text("[data-test=bell-readings]")).matches("待诊断 [1-9][0-9]*");
		awaitBell(NOTHING_NEW);
		browser.assertAccessible("通知");
		browser.screenshot("20-bell-list");

		// closed, and opened again: nothing new since
		browser.find("[data-test=bell-close]").click();
		browser.waitFor(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("[data-test=bell-list]")));
		ConsoleSteps.openBell(browser);
		assertThat(browser.text("#bell-panel [data-test=bell-empty]")).isEqualTo("自上次查看以来暂无新通知。");
		// a reload keeps what was seen (kept by the hub, not the page)
		browser.go(baseUrl() + "/console/reading");
		browser.waitFor(ExpectedConditions.titleContains("远程诊断工作台"));
		awaitBell(NOTHING_NEW);
	}

	@Test
	void theViewerLinkIsShownOnlyForAUnitThatDeclaresItsPacsViewer() {
		String patient = ConsoleSteps.townshipPatient(client, "MZ" + RecognitionFixtures.unique(),
				"影像" + RecognitionFixtures.unique().replaceAll("[0-9]", ""));
		String uid = "1.2.826.0.1.3680043.10.4321." + System.nanoTime();
		// 城关镇卫生院 declares a viewer (county/demo/units/WSY01/unit.yaml), 示范县人民医院 none
		String withViewer = imagingReport(patient, "WSY01", uid);
		String withoutViewer = imagingReport(patient, "XRMYY", uid + ".2");

		browser.go(baseUrl() + "/console/results/DiagnosticReport/" + withViewer);
		browser.waitFor(ExpectedConditions.titleContains("登录"));
		ConsoleSteps.signIn(browser, "clinician-wsy01");
		browser.waitFor(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=result-title]")));
		assertThat(browser.find("[data-test=pacs-viewer]").getDomAttribute("href"))
				.isEqualTo("http://pacs.wsy01.example.cn/viewer?StudyInstanceUIDs=" + uid);
		assertThat(browser.find("[data-test=pacs-viewer]").getDomAttribute("target")).isEqualTo("_blank");
		browser.assertAccessible("影像结果详情");

		browser.go(baseUrl() + "/console/results/DiagnosticReport/" + withoutViewer);
		browser.waitFor(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=result-title]")));
		assertThat(browser.all("[data-test=pacs-viewer]")).isEmpty();
	}

	private boolean bellShowsWithin(String label, Duration wait) {
		try {
			await().atMost(wait).pollInterval(Duration.ofMillis(200))
					.until(() -> label.equals(ConsoleSteps.bellLabel(browser)));
			return true;
		} catch (org.awaitility.core.ConditionTimeoutException stillNews) {
			return false;
		}
	}

	private void awaitBell(String label) {
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
				.until(() -> label.equals(ConsoleSteps.bellLabel(browser)));
	}

	/** A township exam as its HIS orders it; the hub routes it to the county imaging centre (a reading Task). */
	private void order(String patient) {
		ServiceRequest order = new ServiceRequest();
		order.addIdentifier().setSystem(HubSystems.unitAccession("WSY01")).setValue("DR" + RecognitionFixtures.unique());
		order.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
		order.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
		order.setPriority(ServiceRequest.ServiceRequestPriority.ROUTINE);
		order.setCode(new CodeableConcept(new Coding(HubSystems.DICOM_DCM, "DX", null))
				.addCoding(RecognitionFixtures.catalogue("DR-CHEST")).setText("胸部DR正位片"));
		order.setSubject(new Reference(patient));
		order.setAuthoredOn(new Date());
		order.setRequester(new Reference("Organization/WSY01"));
		client.create().resource(order).execute();
	}

	/**
	 * An imaging report of the patient whose study lies in the PACS of {@code unit}. The Endpoint is off, so that
	 * the hub's PACS polling leaves its made-up address alone; the viewer link is the unit's, not the Endpoint's.
	 */
	private String imagingReport(String patient, String unit, String uid) {
		Endpoint endpoint = new Endpoint();
		endpoint.setStatus(Endpoint.EndpointStatus.OFF);
		endpoint.setConnectionType(new Coding("http://terminology.hl7.org/CodeSystem/endpoint-connection-type",
				"dicom-wado-rs", null));
		endpoint.setManagingOrganization(new Reference("Organization/" + unit));
		endpoint.addPayloadType().setText("DICOM");
		endpoint.addPayloadMimeType("application/dicom");
		endpoint.setAddress("http://pacs." + unit.toLowerCase() + ".example.cn/dicom-web");
		String endpointId = client.create().resource(endpoint).execute().getId().toUnqualifiedVersionless().getValue();
		ImagingStudy study = new ImagingStudy();
		study.getMeta().addProfile(HubSystems.IMAGING_STUDY_PROFILE);
		study.addIdentifier().setSystem(HubSystems.DICOM_UID).setValue("urn:oid:" + uid);
		study.setStatus(ImagingStudy.ImagingStudyStatus.AVAILABLE);
		study.setSubject(new Reference(patient));
		study.addEndpoint(new Reference(endpointId));
		String studyId = client.create().resource(study).execute().getId().toUnqualifiedVersionless().getValue();
		DiagnosticReport report = new DiagnosticReport();
		report.addIdentifier().setSystem(HubSystems.CANONICAL_BASE + "/unit/" + unit + "/sid/imaging-report")
				.setValue("R" + RecognitionFixtures.unique());
		report.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL);
		report.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v2-0074", "RAD", null)));
		report.setCode(new CodeableConcept(RecognitionFixtures.catalogue("DR-CHEST")).setText("胸部DR正位片"));
		report.setSubject(new Reference(patient));
		report.setEffective(new DateTimeType(new Date()));
		report.addPerformer(new Reference("Organization/" + unit));
		report.addImagingStudy(new Reference(studyId));
		report.setConclusion("双肺未见明显异常。");
		return client.create().resource(report).execute().getId().getIdPart();
	}
}
