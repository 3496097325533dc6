package org.countyhub.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.countyhub.server.audit.AuditTrail;
import org.countyhub.server.audit.FeedAccessAudit;
import org.countyhub.server.feeds.FeedMessages;
import org.countyhub.server.feeds.MllpClient;
import org.countyhub.server.security.signin.HubUsers;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The operator (运维) in a real browser: a village clinic's merge fails (its retired record never arrived) and is
 * answered AE; the operator signs in, sees the clinic's ADT line failing on 运维总览 and in the heatmap, follows it
 * to the message browser, reads the raw message (Chinese decoded, the escape marked; the reading is an access
 * record), and once the missing record has arrived replays it after confirming: the progress page shows AA and the
 * journal says processed (the replay is an access record too). The patient pages stay closed to the operator but
 * open to one who is also a clinician. Every page is checked with axe-core; screenshots under target/screenshots.
 */
class OperationsBrowserTest extends ConsoleBrowsing {

	private static final String UNIT = "CWS0101";

	@Test
	void theOperatorFindsTheFailingUnitReadsTheRawMessageAndReplaysItAfterTheFix() {
		String survivor = FeedMessages.unique("M");
		String retired = FeedMessages.unique("M");
		String card = FeedMessages.idCard();
		String control = FeedMessages.unique("C");
		assertThat(send(registration(FeedMessages.unique("C"), survivor, card)).code()).isEqualTo("AA");
		MllpClient.Ack failed = send(merge(control, survivor, retired, card));
		assertThat(failed.code()).as(failed.text()).isEqualTo("AE");

		browser.go(baseUrl() + "/console");
		browser.waitFor(ExpectedConditions.titleContains("登录"));
		ConsoleSteps.signIn(browser, "operator");
		browser.waitFor(ExpectedConditions.titleContains("运维总览"));
		assertThat(browser.text("[data-test=role]")).isEqualTo("运维");
		assertThat(browser.find("nav[aria-label=主菜单]").getText()).contains("消息浏览", "发现").doesNotContain("患者查找");
		// the figures are replaced by htmx every 10 s: each read finds its element afresh
		String line = "table.feed-lines tr[data-unit=" + UNIT + "][data-line=ADT] ";
		assertThat(browser.text(line + "[data-test=state]")).isEqualTo("异常");
		assertThat(Integer.parseInt(browser.text(line + "[data-test=refused]"))).isPositive();
		assertThat(browser.find("table.heatmap tr[data-unit=" + UNIT + "]").getText()).contains("城关镇东村卫生室");
		assertThat(browser.text("[data-test=health-0]")).isEqualTo("正常");
		assertThat(browser.text("[data-test=health-1]")).isEqualTo("正常");
		browser.assertAccessible("运维总览");
		browser.screenshot("ops-01-dashboard");

		browser.waitFor(driver -> {
			try {
				driver.findElement(By.cssSelector(line + "[data-test=refused] a")).click();
				return true;
			} catch (StaleElementReferenceException replacedMeanwhile) {
				return null;
			}
		});
		browser.waitFor(ExpectedConditions.titleContains("消息浏览"));
		WebElement row = browser.find("table.messages tr[data-control='" + control + "']");
		assertThat(row.findElement(By.cssSelector("[data-test=ack]")).getText()).isEqualTo("AE");
		browser.assertAccessible("消息浏览");
		browser.screenshot("ops-02-messages");

		row.findElement(By.linkText(control)).click();
		browser.waitFor(ExpectedConditions.titleContains("消息详情"));
		assertThat(browser.text("[data-test=error]")).startsWith("HUB-2005: ");
		browser.find("nav.tabs").findElement(By.linkText("原始报文")).click();
		browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-test=raw]")));
		String raw = browser.text("[data-test=raw]");
		assertThat(raw).contains("MRG|" + retired + "^^^" + UNIT + "^MR", "东村^秀英").contains("\nPID|");
		assertThat(browser.text("mark.esc")).isEqualTo("\\T\\");
		browser.assertAccessible("原始报文");
		browser.screenshot("ops-03-raw-message");
		assertThat(latest(FeedAccessAudit.READ)).anySatisfy(r -> {
			assertThat(r.actor()).isEqualTo("operator");
			assertThat(r.event()).contains(control);
		});
		// 回执: the answer the sender got, byte for byte as the hub sent it, segments on lines
		browser.find("nav.tabs").findElement(By.linkText("回执")).click();
		browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-test=ack-text]")));
		assertThat(browser.text("[data-test=ack-text]")).isEqualTo(failed.text().strip().replace("\r", "\n"));
		browser.assertAccessible("回执");
		browser.screenshot("ops-03b-ack");
		String detail = browser.driver().getCurrentUrl();

		// the fix: the retired record arrives; then the operator replays the merge
		assertThat(send(registration(FeedMessages.unique("C"), retired, card)).code()).isEqualTo("AA");
		browser.find("[data-test=replay]").click();
		browser.waitFor(ExpectedConditions.titleContains("确认重放"));
		assertThat(browser.find("main table").getText()).contains(control);
		browser.assertAccessible("确认重放");
		browser.find("[data-test=confirm-replay]").click();
		browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-test=replay-done]")));
		assertThat(browser.text("[data-test=replay-ack]")).isEqualTo("AA");
		assertThat(browser.text("[data-test=replay-done]")).contains("1 条成功");
		browser.assertAccessible("重放进度");
		browser.screenshot("ops-04-replayed");
		assertThat(latest(FeedAccessAudit.REPLAY)).anySatisfy(r -> {
			assertThat(r.actor()).isEqualTo("operator");
			assertThat(r.event()).contains(control);
			assertThat(r.outcome()).isEqualTo("0");
		});

		browser.go(baseUrl() + "/console/operations/messages?controlId=" + control);
		browser.waitFor(ExpectedConditions.titleContains("消息浏览"));
		assertThat(browser.text("table.messages tr[data-control='" + control + "'] [data-test=ack]")).isEqualTo("AA");
		// the entry's 回执 is now the replay's answer
		browser.go(detail);
		browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-test=ack-text]")));
		assertThat(browser.text("[data-test=ack-text]")).contains("MSA|AA|" + control);
		// FHIR 事务: the transaction the kept message makes (the merge's Patient entries), recorded like the raw view
		long readsBefore = latest(FeedAccessAudit.READ).stream().filter(r -> r.event().contains(control)).count();
		browser.find("nav.tabs").findElement(By.linkText("FHIR 事务")).click();
		browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-test=transaction]")));
		assertThat(browser.text("[data-test=transaction]"))
				.contains("\"type\": \"transaction\"", "\"resourceType\": \"Patient\"", retired);
		assertThat(browser.text("[data-test=source]")).endsWith("/" + UNIT + "/" + control);
		assertThat(latest(FeedAccessAudit.READ).stream().filter(r -> r.event().contains(control)).count())
				.isEqualTo(readsBefore + 1);
		browser.assertAccessible("FHIR 事务");
		browser.screenshot("ops-04b-transaction");

		browser.go(baseUrl() + "/console/operations/findings");
		browser.waitFor(ExpectedConditions.titleContains("发现"));
		browser.assertAccessible("发现");
		browser.screenshot("ops-05-findings");

		// 患者360视图 is not the operator's
		browser.go(baseUrl() + "/console/patients");
		browser.waitFor(ExpectedConditions.titleContains("无权查看"));
		browser.screenshot("ops-06-no-patient-pages");
	}

	@Test
	void anOperatorWhoIsAlsoAClinicianOpensThePatientPagesAndOthersNotTheOperationsPages() {
		String username = FeedMessages.unique("ops-clinician-").toLowerCase();
		context().getBean(HubUsers.class).save(username, ConsoleSteps.DEMO_PASSWORD, List.of("WSY01"),
				List.of("operator", "clinician"), null, false);
		browser.go(baseUrl() + "/console");
		browser.waitFor(ExpectedConditions.titleContains("登录"));
		ConsoleSteps.signIn(browser, username);
		browser.waitFor(ExpectedConditions.titleContains("患者查找"));
		assertThat(browser.find("nav[aria-label=主菜单]").getText()).contains("患者查找", "运维总览");
		browser.find("form[action$='/console/logout'] button").click();
		// the sign-out is a form post: going on before its answer races it (the answer's page would win)
		browser.waitFor(ExpectedConditions.titleContains("已退出"));

		browser.go(baseUrl() + "/console");
		browser.waitFor(ExpectedConditions.titleContains("登录"));
		ConsoleSteps.signIn(browser, "clinician-wsy01");
		browser.waitFor(ExpectedConditions.titleContains("患者查找"));
		assertThat(browser.find("nav[aria-label=主菜单]").getText()).doesNotContain("运维总览");
		browser.go(baseUrl() + "/console/operations/messages");
		browser.waitFor(ExpectedConditions.titleContains("无权查看"));
		// nor a message's FHIR transaction, which carries its content
		browser.go(baseUrl() + "/console/operations/messages/1?tab=fhir");
		browser.waitFor(ExpectedConditions.titleContains("无权查看"));
		assertThat(browser.all("[data-test=transaction]")).isEmpty();
	}

	private List<AuditTrail.Row> latest(String action) {
		return context().getBean(AuditTrail.class).latest(20, Optional.empty(), Optional.of(action), Optional.empty(),
				Optional.empty());
	}

	private MllpClient.Ack send(String message) {
		try (MllpClient mllp = new MllpClient(mllpPort())) {
			return mllp.send(message, StandardCharsets.UTF_8);
		}
	}

	private static String msh(String type, String control) {
		return "MSH|^~\\&|HIS|" + UNIT + "|COUNTYHUB|SFXYGT|20250301101500||" + type + "|" + control
				+ "|P|2.5.1||||||UNICODE UTF-8\r";
	}

	private static String registration(String control, String mrn, String card) {
		return msh("ADT^A04^ADT_A01", control) + "EVN|A04|20250301101500\r"
				+ "PID|1||" + mrn + "^^^" + UNIT + "^MR~" + card + "^^^CHN^NNCHN||东村^秀英||19600101|F\r"
				+ "PV1|1|O|全科^^^" + UNIT + "\r";
	}

	/** A merge whose retired record (MRG-1) the hub does not hold yet: AE. PID-11 carries an escaped "&". */
	private static String merge(String control, String survivorMrn, String retiredMrn, String card) {
		return msh("ADT^A40^ADT_A39", control) + "EVN|A40|20250302080000\r"
				+ "PID|1||" + survivorMrn + "^^^" + UNIT + "^MR~" + card + "^^^CHN^NNCHN||东村^秀英||19600101|F"
				+ "|||东村1号\\T\\2号^^示范县\r"
				+ "MRG|" + retiredMrn + "^^^" + UNIT + "^MR\r";
	}
}
