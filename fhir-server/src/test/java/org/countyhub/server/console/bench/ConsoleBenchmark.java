package org.countyhub.server.console.bench;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.HubApplication;
import org.countyhub.server.identity.bench.IdentityBenchmark;
import org.countyhub.server.identity.bench.SyntheticCounty;
import org.countyhub.server.support.TestPostgres;
import org.countyhub.server.support.Tokens;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The console's benchmark (bench/console.sh, docs/console.md): the server time of the two pages that read most,
 * on PostgreSQL — the 患者360视图 of a person with about 200 resources at three units, in a county of
 * {@code people} others, and the 远程诊断工作台 of the county imaging centre with {@code tasks} open reading
 * Tasks — at 1 and 4 clients, each a signed-in demo user with a browser session (cookies, the real sign-in page).
 * Arguments ({@code name=value}): {@code people} (default 1000), {@code resources} (per person, default 50),
 * {@code tasks} (default 500), {@code requests} (measured pages per client, default 100), {@code jdbc-url}.
 */
public final class ConsoleBenchmark {

	private static final String DEMO_PASSWORD = "demo-county-2026";
	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	private ConsoleBenchmark() {}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>(Map.of("people", "1000", "resources", "50", "tasks", "500",
				"requests", "100"));
		for (String arg : args) {
			if (arg.matches("\\d+")) {
				// a bare number was once taken for the first option and silently ignored
				throw new IllegalArgumentException("options are name=value, e.g. people=" + arg + "; names: "
						+ options.keySet());
			}
			String[] kv = arg.replaceFirst("^--", "").split("=", 2);
			options.put(kv[0], kv.length > 1 ? kv[1] : "true");
		}
		int people = Integer.parseInt(options.get("people"));
		int resources = Integer.parseInt(options.get("resources"));
		int tasks = Integer.parseInt(options.get("tasks"));
		int requests = Integer.parseInt(options.get("requests"));
		String jdbcUrl = options.containsKey("jdbc-url") ? options.get("jdbc-url")
				: TestPostgres.newDatabaseUrl("hub_console_bench");
		ConfigurableApplicationContext hub = new SpringApplicationBuilder(HubApplication.class).run(
				"--server.port=0", "--hub.data-dir=" + Files.createTempDirectory("hub-console-bench-"),
				"--hub.mllp.port=0", "--spring.datasource.url=" + jdbcUrl, "--spring.datasource.username=postgres",
				"--spring.datasource.password=postgres", "--logging.level.root=WARN",
				"--logging.level.org.countyhub=WARN");
		try {
			String base = "http://localhost:" + hub.getEnvironment().getProperty("local.server.port");
			System.out.printf("Console benchmark: %d people x ~%d resources, %d open reading Tasks, PostgreSQL%n",
					people, resources, tasks);
			SyntheticCounty county = new SyntheticCounty(20261202L);
			long start = System.nanoTime();
			for (int i = 0; i < people; i++) {
				SyntheticCounty.Person person = county.nextPerson(1, 3);
				for (String unit : person.units()) {
					fhir(base, Tokens.unitSystem(hub, unit)).transaction()
							.withBundle(county.registration(person, unit, resources / person.units().size())).execute();
				}
			}
			System.out.printf("Loaded the county in %.0f s%n", (System.nanoTime() - start) / 1e9);

			// the person everyone asks about: ~200 resources at three units, one of them the township WSY01
			SyntheticCounty.Person target;
			do {
				target = county.nextPerson(3, 3);
			} while (!target.units().contains("WSY01"));
			String township = null;
			for (String unit : target.units()) {
				Bundle response = fhir(base, Tokens.unitSystem(hub, unit)).transaction()
						.withBundle(county.registration(target, unit, 67)).execute();
				String id = response.getEntryFirstRep().getResponse().getLocation().replaceAll("/_history.*", "");
				if (unit.equals("WSY01")) {
					township = id.replace("Patient/", "");
				}
			}
			// the township's exams waiting at the county imaging centre
			IGenericClient wsy01 = fhir(base, Tokens.unitSystem(hub, "WSY01"));
			for (int i = 0; i < tasks; i++) {
				ServiceRequest order = new ServiceRequest();
				order.addIdentifier().setSystem(HubSystems.unitAccession("WSY01")).setValue("BENCH" + System.nanoTime());
				order.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
				order.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
				order.setPriority(i % 10 == 0 ? ServiceRequest.ServiceRequestPriority.URGENT
						: ServiceRequest.ServiceRequestPriority.ROUTINE);
				order.setCode(new CodeableConcept(new Coding(HubSystems.DICOM_DCM, "DX", null)).setText("DX 胸部正位"));
				order.setSubject(new Reference("Patient/" + township));
				order.setAuthoredOn(new Date());
				order.setRequester(new Reference("Organization/WSY01"));
				wsy01.create().resource(order).execute();
			}
			System.out.printf("Target person: Patient/%s at WSY01 (and 2 other units); %d exams sent to be read%n",
					township, tasks);

			// measured once the hub has linked the three records (the 360 view shows the whole person)
			String seed = "Patient/" + township;
			IGenericClient reader = fhir(base, Tokens.unitSystem(hub, "WSY01"));
			Awaitility.await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofSeconds(2)).until(() ->
					reader.fetchResourceFromUrl(Bundle.class, base + "/fhir/" + seed
							+ "/$history-across-units?_count=150").getEntry().size() >= 150);

			Map<String, String[]> pages = new LinkedHashMap<>();
			pages.put("患者360视图 (clinician-wsy01)", new String[] {"clinician-wsy01", "/console/patients/" + township,
					"data-test=\"patient-name\""});
			pages.put("远程诊断工作台 (reader-xrmyy)", new String[] {"reader-xrmyy", "/console/reading", "待诊断"});
			for (String[] page : pages.values()) {
				measure(base, page[0], page[1], page[2], 1, 30);
			}
			// the hub's CPU per page (this process: the hub and the small clients; PostgreSQL not counted) is the
			// figure to compare settings by on a busy or shared machine, where the times move from run to run
			var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
			System.out.printf("%-34s %8s %8s %8s %8s %12s%n", "page", "clients", "p50 ms", "p95 ms", "max ms",
					"CPU ms/page");
			for (Map.Entry<String, String[]> page : pages.entrySet()) {
				for (int clients : new int[] {1, 4}) {
					long cpuBefore = os.getProcessCpuTime();
					List<Double> millis = measure(base, page.getValue()[0], page.getValue()[1],
							page.getValue()[2], clients, requests);
					double cpuPerPage = (os.getProcessCpuTime() - cpuBefore) / 1e6 / millis.size();
					System.out.printf("%-34s %8d %8.1f %8.1f %8.1f %12.1f%n", page.getKey(), clients,
							IdentityBenchmark.percentile(millis, 50), IdentityBenchmark.percentile(millis, 95),
							IdentityBenchmark.percentile(millis, 100), cpuPerPage);
				}
			}
		} finally {
			hub.close();
		}
		System.exit(0);
	}

	/**
	 * {@code requests} page loads per client, each client its own signed-in session; a page that does not show
	 * {@code shows} (an error page) stops the run.
	 */
	private static List<Double> measure(String base, String user, String path, String shows, int clients,
			int requests) throws Exception {
		List<Callable<List<Double>>> sessions = Collections.nCopies(clients,
				() -> session(signedIn(base, user), URI.create(base + path), shows, requests));
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			List<Double> millis = new ArrayList<>();
			for (Future<List<Double>> session : pool.invokeAll(sessions)) {
				millis.addAll(session.get());
			}
			return millis;
		} finally {
			pool.shutdown();
		}
	}

	private static List<Double> session(HttpClient browser, URI page, String shows, int requests) throws Exception {
		List<Double> millis = new ArrayList<>();
		HttpRequest get = HttpRequest.newBuilder(page).GET().build();
		while (millis.size() < requests) {
			long start = System.nanoTime();
			HttpResponse<String> response = browser.send(get, HttpResponse.BodyHandlers.ofString());
			millis.add((System.nanoTime() - start) / 1e6);
			if (response.statusCode() != 200 || !response.body().contains(shows)) {
				throw new IllegalStateException(page + " answered " + response.statusCode() + " without " + shows);
			}
		}
		return millis;
	}

	/** A browser session of a demo user: the console sends it to the sign-in page, which takes the password. */
	private static HttpClient signedIn(String base, String user) throws Exception {
		HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
				.followRedirects(HttpClient.Redirect.NORMAL).build();
		HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(base + "/console")).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		Matcher csrf = CSRF.matcher(login.body());
		if (!csrf.find()) {
			throw new IllegalStateException("no sign-in form at " + login.uri());
		}
		String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
				+ URLEncoder.encode(DEMO_PASSWORD, StandardCharsets.UTF_8) + "&_csrf=" + csrf.group(1);
		HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(URI.create(base + "/login"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
		if (signedIn.statusCode() != 200 || signedIn.uri().getPath().startsWith("/login")) {
			throw new IllegalStateException(user + " could not sign in: " + signedIn.statusCode() + " " + signedIn.uri());
		}
		return browser;
	}

	private static IGenericClient fhir(String base, String token) {
		FhirContext ctx = FhirContext.forR4Cached();
		ctx.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		ctx.getRestfulClientFactory().setSocketTimeout(300_000);
		IGenericClient client = ctx.newRestfulGenericClient(base + "/fhir");
		client.registerInterceptor(new BearerTokenAuthInterceptor(token));
		return client;
	}
}
