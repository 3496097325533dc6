package org.countyhub.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.countyhub.server.recognition.RecognitionFixtures;
import org.countyhub.server.workflow.ActingUnit;
import org.countyhub.server.workflow.Referrals;
import org.countyhub.server.workflow.Township;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Schedule;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * 双向转诊 in a real browser: the township clinician refers a patient up from the 360 view; the county's referral
 * coordinator finds it in the inbox (收到的转诊 · 上转 · 待接收), is told a 退回 needs a reason, accepts it and books
 * the county's last free reserved slot; the history lists each move. The header's bell says the referral is new. Same context as {@link ConsoleBrowserTest}.
 */
class ReferralDeskBrowserTest extends ConsoleBrowsing {

	@Test
	void upReferralFromThe360ViewIsAcceptedAndBookedIntoTheLastReservedSlot() {
		String name = "转诊" + RecognitionFixtures.unique().replaceAll("[0-9]", "");
		String patient = ConsoleSteps.townshipPatient(client, "MZ" + RecognitionFixtures.unique(), name);
		String department = "心内科" + RecognitionFixtures.unique();
		publishReservedSlot(department);

		browser.go(baseUrl() + "/console/patients/" + new IdType(patient).getIdPart());
		browser.waitFor(ExpectedConditions.titleContains("登录"));
		ConsoleSteps.signIn(browser, "clinician-wsy01");
		browser.waitFor(ExpectedConditions.titleContains("患者360视图"));
		browser.find("[data-test=refer]").click();
		browser.waitFor(ExpectedConditions.titleContains("发起转诊"));
		new Select(browser.find("#to")).selectByValue("XRMYY");
		browser.find("main form button[type=submit]").click();
		browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("reason-error")));
		assertThat(browser.text("#reason-error")).isEqualTo("请填写转诊原因");
		browser.assertAccessible("发起转诊");
		browser.screenshot("17-referral-new");
		browser.type("#reason", "心绞痛反复发作，基层无法进一步诊治");
		browser.find("main form button[type=submit]").click();
		browser.waitFor(ExpectedConditions.titleContains("转诊详情"));
		assertThat(browser.text("[data-test=referral-state]")).isEqualTo("待接收");
		assertThat(browser.text("table.history")).contains("发起转诊", "城关镇卫生院");
		browser.find("header form button[type=submit]").click();
		browser.waitFor(ExpectedConditions.titleContains("已退出"));

		// the county's coordinator: inbox, packet, 退回 needs a reason, 接收, book the reserved slot
		browser.go(baseUrl() + "/console/referrals");
		browser.waitFor(ExpectedConditions.titleContains("登录"));
		ConsoleSteps.signIn(browser, "referrals-xrmyy");
		browser.waitFor(ExpectedConditions.titleContains("双向转诊"));
		// the header's bell (htmx polling): the referral just sent is new for the county hospital; its list names it
		// and counts what waits
		browser.waitFor(driver -> String.valueOf(ConsoleSteps.bellLabel(browser)).matches("通知（[1-9][0-9]*条新）"));
		ConsoleSteps.openBell(browser);
		assertThat(browser.text("[data-test=bell-list]")).contains("新转诊待接收：" + name);
		assertThat(browser.text("[data-test=bell-referrals]")).matches("待接收转诊 [1-9][0-9]*");
		browser.find("table.referrals").findElements(By.tagName("a")).stream()
				.filter(a -> a.getText().equals(name)).findFirst().orElseThrow().click();
		browser.waitFor(ExpectedConditions.titleContains("转诊详情"));
		assertThat(browser.text("[data-test=referral-reason]")).isEqualTo("心绞痛反复发作，基层无法进一步诊治");
		browser.find("[data-test=reject]").click();
		browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("reason-error")));
		assertThat(browser.text("#reason-error")).isEqualTo("退回须填写原因");
		browser.assertAccessible("转诊详情");
		browser.screenshot("18-referral-packet");

		browser.find("[data-test=accept]").click();
		browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-test=referral-state]"),
				"已接收"));
		// other stories publish reserved slots of their own departments: this department's one slot is offered
		List<WebElement> ours = browser.all("table.slots tbody tr").stream()
				.filter(row -> row.getText().contains(department)).toList();
		assertThat(ours).hasSize(1);
		ours.get(0).findElement(By.tagName("button")).click();
		browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-test=referral-state]"),
				"已预约"));
		assertThat(browser.text("[data-test=bookings]")).contains("已预约");
		assertThat(browser.text("table.history")).contains("发起转诊", "已接收");
		browser.assertAccessible("转诊详情（已预约）");
		browser.screenshot("19-referral-booked");

		// 取消预约 needs a reason; cancelled, the slot is offered again and the referral stays 已接收
		browser.find("[data-test=cancel-booking]").click();
		browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("cancel-error")));
		assertThat(browser.text("#cancel-error")).isEqualTo("取消预约须填写原因");
		browser.find("form.cancel-booking input[name=reason]").sendKeys("患者改期");
		browser.find("[data-test=cancel-booking]").click();
		browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-test=done]")));
		assertThat(browser.text("[data-test=done]")).contains("已取消预约");
		assertThat(browser.text("[data-test=bookings]")).contains("已取消");
		assertThat(browser.text("[data-test=referral-state]")).isEqualTo("已接收");
		WebElement offered = ourSlot(department);

		// the slot just taken by another referral (another unit's system, a second earlier): said so, not offered
		Referrals rest = new Referrals(client);
		Patient other = Township.patient(client, "WSY01", Township.unique("MZ"), "周桂芳");
		String otherReferral = rest.send(Referrals.referral(other, "up", "WSY01", "XRMYY", "胸痛待查"), "WSY01");
		rest.move(rest.task(otherReferral), "accepted", null, "XRMYY");
		Appointment taken = new Appointment();
		taken.setStatus(Appointment.AppointmentStatus.BOOKED);
		taken.addSlot(new Reference("Slot/" + offered.getDomAttribute("data-slot")));
		taken.addBasedOn(new Reference(otherReferral));
		taken.addParticipant().setActor(new Reference(other.getIdElement().toUnqualifiedVersionless().getValue()))
				.setStatus(Appointment.ParticipationStatus.ACCEPTED);
		client.create().resource(taken).withAdditionalHeader(ActingUnit.HEADER, "XRMYY").execute();
		offered.findElement(By.tagName("button")).click();
		browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-test=refused]")));
		assertThat(browser.text("[data-test=refused]")).isEqualTo("该号源刚刚已被预约，请选择其他号源。");
		assertThat(browser.all("table.slots tbody tr")).noneMatch(row -> row.getText().contains(department));
		assertThat(browser.text("[data-test=referral-state]")).isEqualTo("已接收");
		browser.screenshot("19b-referral-slot-just-taken");

		// booked again for the story's last step: the department publishes another reserved slot
		publishReservedSlot(department + "加号");
		ourSlot(department + "加号").findElement(By.tagName("button")).click();
		browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-test=referral-state]"),
				"已预约"));

		// the inbox's 已预约 tab lists it
		browser.go(baseUrl() + "/console/referrals?box=in&direction=up&state=booked");
		browser.waitFor(ExpectedConditions.titleContains("双向转诊"));
		assertThat(browser.text("table.referrals")).contains(name, "已预约");
	}

	/** The one free reserved slot of the department on the page (other stories publish slots of their own). */
	private WebElement ourSlot(String department) {
		browser.go(browser.driver().getCurrentUrl());
		browser.waitFor(ExpectedConditions.titleContains("转诊详情"));
		List<WebElement> rows = browser.all("table.slots tbody tr").stream()
				.filter(row -> row.getText().contains(department)).toList();
		assertThat(rows).hasSize(1);
		return rows.get(0);
	}

	/** A department of the county hospital with five slots tomorrow, one of them reserved for referrals. */
	private void publishReservedSlot(String department) {
		HealthcareService service = new HealthcareService();
		service.setActive(true);
		service.setProvidedBy(new Reference("Organization/XRMYY"));
		service.setName(department);
		String departmentId = client.create().resource(service).execute().getId().toUnqualifiedVersionless().getValue();
		Schedule schedule = new Schedule();
		schedule.setActive(true);
		schedule.addActor(new Reference(departmentId));
		schedule.addServiceType(new CodeableConcept().setText(department));
		String scheduleId = client.create().resource(schedule).execute().getId().toUnqualifiedVersionless().getValue();
		Instant start = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
		Parameters parameters = new Parameters();
		parameters.addParameter().setName("start").setValue(new DateTimeType(Date.from(start)));
		parameters.addParameter().setName("end").setValue(new DateTimeType(Date.from(start.plus(75, ChronoUnit.MINUTES))));
		parameters.addParameter().setName("minutes").setValue(new IntegerType(15));
		client.operation().onInstance(scheduleId).named("$publish-slots").withParameters(parameters)
				.returnResourceType(Bundle.class).withAdditionalHeader(ActingUnit.HEADER, "XRMYY").execute();
	}
}
