package org.countyhub.server.identity.bench;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.HubApplication;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.support.TestPostgres;
import org.countyhub.server.support.Tokens;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The identity benchmark (docs/identity.md): loads a synthetic county on PostgreSQL through the FHIR endpoint,
 * lets MDM link everyone, then measures the clinician's calls for one person with about 200 resources at three
 * units, with 1 and 4 concurrent clients. Arguments ({@code name=value}):
 * <ul>
 *   <li>{@code people} (default 20000): persons, each registered at 1–3 units;</li>
 *   <li>{@code resources} (default 50): resources per person, spread over their units;</li>
 *   <li>{@code loaders} (default 4): concurrent loading clients;</li>
 *   <li>{@code requests} (default 200): measured calls per client and call type, after 30 warm-up calls;</li>
 *   <li>{@code warm-up} (default 300): calls of every type made once before any is measured, so that the call
 *       measured first does not pay for the JIT compiling code the others share;</li>
 *   <li>{@code jdbc-url} (optional): an existing empty PostgreSQL database (user/password {@code postgres} or
 *       {@code user=}/{@code password=}); default: embedded PostgreSQL binaries from Maven Central.</li>
 *   <li>{@code load} (default true): {@code false} measures again on a database an earlier run loaded
 *       (with {@code jdbc-url}) with the same {@code people} and {@code resources}: nothing is posted, the
 *       target person is found by the ID card.</li>
 *   <li>{@code calls} (optional): only the calls whose names start with one of these (comma-separated), e.g.
 *       {@code calls=history,$everything}.</li>
 *   <li>{@code --hub.…=…}, {@code --spring.…=…}: hub settings to run with.</li>
 * </ul>
 */
public final class IdentityBenchmark {

	private IdentityBenchmark() {}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>(Map.of(
				"people", "20000", "resources", "50", "loaders", "4", "requests", "200",
				"user", "postgres", "password", "postgres"));
		List<String> settings = new ArrayList<>();
		for (String arg : args) {
			if (arg.startsWith("--hub.") || arg.startsWith("--spring.")) {
				settings.add(arg);
				continue;
			}
			String[] kv = arg.split("=", 2);
			options.put(kv[0].replaceFirst("^--", ""), kv.length > 1 ? kv[1] : "true");
		}
		int people = Integer.parseInt(options.get("people"));
		int resources = Integer.parseInt(options.get("resources"));
		int loaders = Integer.parseInt(options.get("loaders"));
		int requests = Integer.parseInt(options.get("requests"));
		String jdbcUrl = options.containsKey("jdbc-url") ? options.get("jdbc-url") : TestPostgres.newDatabaseUrl("hub_bench");
		Path dataDir = Files.createTempDirectory("hub-bench-");

		// Command-line arguments: they take precedence over application.yaml (default properties would not).
		List<String> springArgs = new ArrayList<>(List.of(
				"--server.port=0",
				"--hub.data-dir=" + dataDir,
				"--spring.datasource.url=" + jdbcUrl,
				"--spring.datasource.username=" + options.get("user"),
				"--spring.datasource.password=" + options.get("password"),
				"--logging.level.root=WARN",
				"--logging.level.org.countyhub=WARN"));
		springArgs.addAll(settings);
		ConfigurableApplicationContext app = new SpringApplicationBuilder(HubApplication.class).run(springArgs.toArray(String[]::new));
		try {
			int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
			String base = "http://localhost:" + port + "/fhir";
			System.out.printf("Identity benchmark: %d people x ~%d resources, %d loaders, PostgreSQL %s%n",
					people, resources, loaders, jdbcUrl.replaceAll("password=[^&]*", "password=***"));

			// 1. Load the county
			SyntheticCounty county = new SyntheticCounty(20261122L);
			List<SyntheticCounty.Person> population = new ArrayList<>();
			for (int i = 0; i < people; i++) {
				population.add(county.nextPerson(1, 3));
			}
			int registrations = population.stream().mapToInt(p -> p.units().size()).sum();
			Iterator<Bundle> pending = registrations(county, population, resources);
			AtomicLong resourceCount = new AtomicLong();
			boolean loaded = Boolean.parseBoolean(options.getOrDefault("load", "true"));
			if (loaded) {
				long loadStart = System.nanoTime();
				resourceCount.addAndGet(post(app, base, pending, registrations, loaders));
				Duration load = Duration.ofNanos(System.nanoTime() - loadStart);
				System.out.printf("Load: %d transactions, %d resources (%d unit Patients) in %s (%.0f resources/s)%s%n",
						registrations, resourceCount.get(), registrations, load,
						resourceCount.get() / (load.toMillis() / 1000.0), settings.isEmpty() ? "" : " with " + settings);
			} else {
				// the same data as when loaded: the target person below comes after the whole population
				pending.forEachRemaining(b -> resourceCount.addAndGet(b.getEntry().size()));
				System.out.printf("Not loading: measuring on the %d unit Patients already in %s%n", registrations,
						jdbcUrl.replaceAll("password=[^&]*", "password=***"));
			}

			// 2. The person everyone asks about: ~200 resources at three units
			SyntheticCounty.Person target = county.nextPerson(3, 3);
			List<String> targetIds = new ArrayList<>();
			// the clinician who asks: a person signed in at the target's first unit (every call needs a token)
			String clinician = Tokens.person(app, List.of(Roles.CLINICIAN), List.of(target.units().get(0)));
			if (loaded) {
				for (String unit : target.units()) {
					Bundle response = client(base, Tokens.unitSystem(app, unit)).transaction()
							.withBundle(county.registration(target, unit, 67)).execute();
					targetIds.add(response.getEntryFirstRep().getResponse().getLocation().replaceAll("/_history.*", ""));
				}
			} else {
				// posted by the run that loaded: its unit Patients by the ID card (golden records left out)
				Bundle found = client(base, clinician).fetchResourceFromUrl(Bundle.class, base + "/Patient?identifier="
						+ HubSystems.RESIDENT_ID_CARD + "%7C" + target.idCard()
						+ "&_tag:not=http://hapifhir.io/fhir/NamingSystem/mdm-record-status%7CGOLDEN_RECORD&_count=50");
				found.getEntry().forEach(e -> targetIds.add("Patient/" + e.getResource().getIdElement().getIdPart()));
			}
			registrations += target.units().size();
			long mdmStart = System.nanoTime();
			awaitMdm(jdbcUrl, options, registrations);
			System.out.printf("MDM settled %s after the load (all %d unit Patients linked)%n",
					Duration.ofNanos(System.nanoTime() - mdmStart), registrations);

			String first = targetIds.get(0);
			Bundle check = client(base, clinician).fetchResourceFromUrl(Bundle.class,
					base + "/DiagnosticReport?_summary=count&patient:mdm=" + first);
			Bundle all = client(base, clinician).fetchResourceFromUrl(Bundle.class,
					base + "/" + first + "/$history-across-units?_count=200");
			System.out.printf("Target person: unit Patients %s; DiagnosticReports across units: %d; first history page: %d entries%n",
					targetIds, check.getTotal(), all.getEntry().size());

			// 3. Latencies
			Map<String, String> calls = new LinkedHashMap<>();
			calls.put("history ($history-across-units, page 20)", "/%s/$history-across-units?_count=20");
			calls.put("DiagnosticReport?patient:mdm= (page 20)", "/DiagnosticReport?patient:mdm=%s&_sort=-date&_count=20");
			calls.put("$everything?_mdm=true (page 20)", "/%s/$everything?_mdm=true&_count=20");
			calls.put("$everything without MDM (page 20)", "/%s/$everything?_count=20");
			if (options.containsKey("calls")) {
				List<String> only = List.of(options.get("calls").split(","));
				calls.keySet().removeIf(name -> only.stream().noneMatch(name::startsWith));
			}
			int warmUp = Integer.parseInt(options.getOrDefault("warm-up", "300"));
			for (String pattern : calls.values()) {
				measure(base, clinician, pattern, targetIds, 1, warmUp);
			}
			System.out.printf("%-44s %8s %8s %8s %8s%n", "call", "clients", "p50 ms", "p95 ms", "max ms");
			for (Map.Entry<String, String> call : calls.entrySet()) {
				for (int clients : new int[] {1, 4}) {
					List<Double> millis = measure(base, clinician, call.getValue(), targetIds, clients, requests);
					System.out.printf("%-44s %8d %8.1f %8.1f %8.1f%n", call.getKey(), clients,
							percentile(millis, 50), percentile(millis, 95), percentile(millis, 100));
				}
			}
		} finally {
			app.close();
		}
		System.exit(0);
	}

	private static List<Double> measure(String base, String token, String pattern, List<String> ids, int clients,
			int requests)
			throws Exception {
		List<Double> millis = Collections.synchronizedList(new ArrayList<>());
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		List<Future<?>> futures = new ArrayList<>();
		for (int c = 0; c < clients; c++) {
			int clientNo = c;
			futures.add(pool.submit(() -> {
				IGenericClient client = client(base, token);
				for (int i = 0; i < 30 + requests; i++) {
					String id = ids.get((i + clientNo) % ids.size());
					String url = base + String.format(pattern, id);
					long start = System.nanoTime();
					client.fetchResourceFromUrl(Bundle.class, url);
					if (i >= 30) {
						millis.add((System.nanoTime() - start) / 1e6);
					}
				}
				return null;
			}));
		}
		for (Future<?> f : futures) {
			f.get();
		}
		pool.shutdown();
		return millis;
	}

	/** The p-th percentile (nearest rank) of the values. */
	public static double percentile(List<Double> values, int p) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
	}

	private static void awaitMdm(String jdbcUrl, Map<String, String> options, int registrations) throws Exception {
		try (Connection c = DriverManager.getConnection(jdbcUrl, options.get("user"), options.get("password"));
				Statement s = c.createStatement()) {
			AtomicLong last = new AtomicLong(-1);
			// MDM links a county in minutes; the count is printed whenever it moved
			Awaitility.await().atMost(Duration.ofHours(6)).pollInterval(Duration.ofSeconds(2)).until(() -> {
				try (ResultSet rs = s.executeQuery("select count(distinct TARGET_PID) from MPI_LINK")) {
					rs.next();
					long linked = rs.getLong(1);
					if (linked < registrations && linked != last.getAndSet(linked)) {
						System.out.printf("  MDM: %d of %d unit Patients linked%n", linked, registrations);
					}
					return linked >= registrations;
				}
			});
		}
	}

	/**
	 * Each person's registration at each of their units, generated one after another in a fixed order
	 * (deterministic data) as the loaders ask for them: a county's worth of Bundles does not fit in memory at once.
	 */
	public static Iterator<Bundle> registrations(SyntheticCounty county, List<SyntheticCounty.Person> population,
			int resources) {
		return population.stream()
				.flatMap(person -> person.units().stream().map(unit -> Map.entry(person, unit)))
				.map(pu -> county.registration(pu.getKey(), pu.getValue(), resources / pu.getKey().units().size()))
				.iterator();
	}

	/** Posts that many registrations from concurrent loaders, each with its unit's token; answers the resources. */
	public static long post(ConfigurableApplicationContext app, String base, Iterator<Bundle> pending, int count,
			int loaders) throws Exception {
		AtomicLong resources = new AtomicLong();
		Object order = new Object();
		run(loaders, count, i -> {
			Bundle next;
			synchronized (order) {
				next = pending.next();
			}
			resources.addAndGet(next.getEntry().size());
			client(base, Tokens.unitSystem(app, unitOf(next))).transaction().withBundle(next).execute();
		}, "loaded");
		return resources.get();
	}

	/** One unit of concurrent work (the index of the call). */
	public interface Task {
		void run(int index) throws Exception;
	}

	public static void run(int threads, int count, Task task, String what) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		AtomicInteger done = new AtomicInteger();
		List<Future<?>> futures = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			int index = i;
			futures.add(pool.submit(() -> {
				task.run(index);
				int n = done.incrementAndGet();
				if (n % 1000 == 0) {
					System.out.printf("  %s %d of %d%n", what, n, count);
				}
				return null;
			}));
		}
		for (Future<?> f : futures) {
			f.get();
		}
		pool.shutdown();
	}

	/** The unit whose feed writes the registration: its Patient's managing organisation. */
	public static String unitOf(Bundle registration) {
		return ((Patient) registration.getEntryFirstRep().getResource()).getManagingOrganization().getReferenceElement()
				.getIdPart();
	}

	public static IGenericClient client(String base, String token) {
		FhirContext ctx = FhirContext.forR4Cached();
		ctx.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		ctx.getRestfulClientFactory().setSocketTimeout(300_000);
		ctx.getRestfulClientFactory().setPoolMaxTotal(32);
		ctx.getRestfulClientFactory().setPoolMaxPerRoute(32);
		IGenericClient client = ctx.newRestfulGenericClient(base);
		client.registerInterceptor(new BearerTokenAuthInterceptor(token));
		return client;
	}
}
