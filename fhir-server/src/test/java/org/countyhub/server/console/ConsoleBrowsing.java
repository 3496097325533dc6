package org.countyhub.server.console;

import org.countyhub.server.support.Browser;
import org.countyhub.server.support.HubServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the console's browser tests: a fresh headless Chromium per test against the shared hub (the same test
 * context as every {@link HubServerTest}: no new Spring context).
 */
abstract class ConsoleBrowsing extends HubServerTest {

	protected Browser browser;

	@BeforeEach
	void openBrowser() {
		browser = Browser.open();
	}

	@AfterEach
	void closeBrowser() {
		if (browser != null) {
			browser.close();
		}
	}
}
