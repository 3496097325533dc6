package org.countyhub.server.console;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.countyhub.profiles.HubSystems;
import java.util.List;
import org.countyhub.server.support.Browser;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** What the console's browser tests do again and again: sign in as a demo person, find a timeline row. */
final class ConsoleSteps {

	static final String DEMO_PASSWORD = "demo-county-2026";

	private ConsoleSteps() {}

	static void signIn(Browser browser, String username) {
		browser.type("#username", username);
		browser.type("#password", DEMO_PASSWORD);
		browser.find("main form button[type=submit]").click();
	}

	/** A patient registered at 城关镇卫生院 (WSY01) by its 门诊号, through the hub's REST API. */
	static String townshipPatient(IGenericClient client, String mrn, String name) {
		Patient patient = new Patient();
		patient.addIdentifier().setSystem(HubSystems.unitPatientNumber("WSY01")).setValue(mrn);
		patient.addName().setText(name);
		patient.setGender(AdministrativeGender.FEMALE);
		patient.setManagingOrganization(new Reference("Organization/WSY01"));
		return client.create().resource(patient).execute().getId().toUnqualifiedVersionless().getValue();
	}

	/**
	 * Opens the header bell's list and waits for it. htmx replaces the bell every 30 seconds, so a button found a
	 * moment ago may be gone: it is found again.
	 */
	static void openBell(Browser browser) {
		// a list still open from before is replaced by the new one: wait for that, not for the old one
		List<WebElement> before = browser.all("#bell-panel [data-test=bell-list]");
		browser.waitFor(driver -> {
			try {
				driver.findElement(By.id("bell-button")).click();
				return true;
			} catch (StaleElementReferenceException e) {
				return false;
			}
		});
		if (!before.isEmpty()) {
			browser.waitFor(ExpectedConditions.stalenessOf(before.get(0)));
		}
		browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#bell-panel [data-test=bell-list]")));
	}

	/** The bell's accessible name now (htmx replaces the button, so it is found afresh); null before it is there. */
	static String bellLabel(Browser browser) {
		return (String) ((JavascriptExecutor) browser.driver()).executeScript(
				"const b = document.getElementById('bell-button'); return b ? b.getAttribute('aria-label') : null;");
	}

	/** The first timeline row that shows all these texts (waiting for it). */
	static WebElement timelineRow(Browser browser, String... texts) {
		return browser.waitFor(driver -> driver.findElements(By.cssSelector("#timeline tbody tr")).stream()
				.filter(tr -> java.util.Arrays.stream(texts).allMatch(tr.getText()::contains)).findFirst().orElse(null));
	}
}
