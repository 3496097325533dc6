package org.countyhub.server.support;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Selenium through Debian's chromedriver, both named explicitly so that
 * Selenium Manager never runs (nothing is downloaded at test time); window 1366x768. When they are not installed
 * the test is skipped, or, under {@code CI=true}, fails ({@code .ci/run} installs them). Screenshots go to
 * {@code target/screenshots/}; {@link #assertAccessible} runs axe-core on the page.
 */
public final class Browser implements AutoCloseable {

	public static final String CHROMIUM = "/usr/bin/chromium";
	public static final String CHROMEDRIVER = "/usr/bin/chromedriver";
	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private final ChromeDriver driver;
	private final Path profile;

	private Browser(ChromeDriver driver, Path profile) {
		this.driver = driver;
		this.profile = profile;
	}

	public static Browser open() {
		if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
			String why = "Debian's chromium and chromium-driver are not installed"
					+ " (apt-get install chromium chromium-driver fonts-noto-cjk)";
			if ("true".equals(System.getenv("CI"))) {
				Assertions.fail(why);
			}
			Assumptions.abort(why);
		}
		try {
			Path profile = Files.createTempDirectory("console-chromium-");
			ChromeOptions options = new ChromeOptions();
			options.setBinary(CHROMIUM);
			options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--no-first-run", "--window-size=1366,768", "--lang=zh-CN", "--user-data-dir=" + profile);
			ChromeDriverService service = new ChromeDriverService.Builder()
					.usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
			return new Browser(new ChromeDriver(service, options), profile);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public WebDriver driver() {
		return driver;
	}

	public void go(String url) {
		driver.get(url);
	}

	public WebElement find(String css) {
		return driver.findElement(By.cssSelector(css));
	}

	public List<WebElement> all(String css) {
		return driver.findElements(By.cssSelector(css));
	}

	public void type(String css, String text) {
		WebElement field = find(css);
		field.clear();
		field.sendKeys(text);
	}

	/** Waits (up to 20 s) until the condition holds, as a person would wait for the page. */
	public <T> T waitFor(Function<WebDriver, T> condition) {
		return new WebDriverWait(driver, Duration.ofSeconds(20)).until(condition);
	}

	public String text(String css) {
		return find(css).getText();
	}

	public void screenshot(String name) {
		try {
			Files.createDirectories(SCREENSHOTS);
			File shot = driver.getScreenshotAs(OutputType.FILE);
			Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** axe-core on the current page: no serious or critical violation. */
	public void assertAccessible(String page) {
		Results results = new AxeBuilder().analyze(driver);
		List<String> severe = results.getViolations().stream()
				.filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
				.map(Browser::describe)
				.toList();
		Assertions.assertTrue(severe.isEmpty(), page + ": accessibility violations " + severe);
	}

	private static String describe(Rule rule) {
		return rule.getId() + " (" + rule.getImpact() + ") at " + rule.getNodes().stream()
				.map(node -> String.valueOf(node.getTarget())).toList();
	}

	@Override
	public void close() {
		driver.quit();
		try (var files = Files.walk(profile)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		} catch (IOException e) {
			// a leftover temporary profile is harmless
		}
	}
}
