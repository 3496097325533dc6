package org.countyhub.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.countyhub.server.indicators.Visits;
import org.countyhub.server.workflow.Township;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * 驾驶舱 in a real browser: the bureau analyst signs in, lands on the cockpit, sees the scripted month's figures
 * (May 2021: three visits at 城关镇卫生院 and one at 示范县人民医院, so 基层诊疗人次占比 75.0 % against the 65 %
 * target), is told the out-of-county data is missing, drills down to the per-unit table and exports it as CSV.
 * No patient shows anywhere. Same context as {@link ConsoleBrowserTest}.
 */
class CockpitBrowserTest extends ConsoleBrowsing {

	@Test
	void bureauAnalystSeesTheMonthsFiguresDrillsDownAndExportsCsv() {
		String patientName = "驾驶舱患者";
		String township = Township.patient(client, "WSY01", Township.unique("JC"), patientName).getIdElement().getValue();
		String lead = Township.patient(client, "XRMYY", Township.unique("JC"), patientName).getIdElement().getValue();
		for (String day : new String[] {"03", "04", "05"}) {
			visit(township, "WSY01", "2021-05-" + day + "T09:00:00+08:00");
		}
		visit(lead, "XRMYY", "2021-05-06T09:00:00+08:00");

		browser.go(baseUrl() + "/console");
		browser.waitFor(ExpectedConditions.titleContains("登录"));
		ConsoleSteps.signIn(browser, "bureau");
		browser.waitFor(ExpectedConditions.titleContains("驾驶舱"));
		browser.go(baseUrl() + "/console/indicators?month=2021-05");
		browser.waitFor(ExpectedConditions.titleContains("驾驶舱"));
		String card = "[data-kpi='primary-care-visit-share/share']";
		assertThat(browser.text(card + " .kpi-value")).isEqualTo("75.0%");
		assertThat(browser.text(card)).contains("目标", "65.0%", "达标", "环比", "同比");
		assertThat(browser.text("[data-test=in-county-missing]")).contains("尚未导入县外就诊数据");
		assertThat(browser.text("[data-table=ranking]")).contains("城关镇卫生院", "示范县人民医院");
		browser.waitFor(ExpectedConditions.attributeToBe(By.cssSelector("[data-chart=trend]"), "data-drawn", "true"));
		assertThat(browser.driver().getPageSource()).doesNotContain(patientName);
		browser.assertAccessible("驾驶舱");
		browser.screenshot("40-cockpit");

		// drill-down: the figure leads to the per-unit table, which exports as CSV
		browser.find(card + " .kpi-value a").click();
		browser.waitFor(ExpectedConditions.titleContains("指标明细"));
		assertThat(browser.text("[data-table=units] [data-unit=WSY01]")).contains("城关镇卫生院", "3", "100.0%");
		assertThat(browser.text("[data-table=units] [data-unit=XRMYY]")).contains("示范县人民医院", "0.0%");
		browser.assertAccessible("指标明细");
		browser.screenshot("41-cockpit-units");
		String href = browser.find("[data-csv=units]").getAttribute("href");
		String csv = (String) ((JavascriptExecutor) browser.driver()).executeAsyncScript(
				"var done = arguments[arguments.length - 1];"
						+ "fetch(arguments[0]).then(function (r) { return r.text(); }).then(done);", href);
		assertThat(csv.lines().toList()).contains(
				"2021-05,primary-care-visit-share,share,unit,WSY01,城关镇卫生院,3,3,3,1.0000");
		assertThat(csv).doesNotContain(patientName);
	}

	private void visit(String patient, String unit, String start) {
		Visits.create(client, patient, unit, "AMB", "finished", start);
	}
}
