package org.countyhub.server.access.bench;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.countyhub.county.CountyDirectory;
import org.countyhub.county.MemberUnit;
import org.countyhub.server.HubApplication;
import org.countyhub.server.access.AccessSeeds;
import org.countyhub.server.rest.TestIdCards;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.support.HubServerTest;
import org.countyhub.server.support.Tokens;
import org.hl7.fhir.instance.model.api.IIdType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the 调阅 rules and the access records cost a clinician: {@code Patient/$history-across-units} of a person
 * with records at a township (WSY01) and at the county hospital (XRMYY), asked by a WSY01 clinician who treats the
 * person (an Encounter today), by several clients at once. Modes, each a hub of its own on a fresh H2 database, in
 * the order rules, identity, rules: {@code rules} = hub.access.enabled=true (decision per patient, BALP records
 * chained with SM3), {@code identity} = hub.access.enabled=false (token and roles only). Prints requests/s and
 * p50/p95 per mode. See bench/access.sh and docs/access.md.
 *
 * <p>Arguments (optional): requests per client (default 100), clients (default 4), warm-up per client (default 30),
 * reports per unit (default 20), modes (default {@code rules,identity,rules}; {@code uncached} = rules with
 * hub.access.decision-cache=0, every request decided afresh).
 */
public final class AccessBenchmark {

	private AccessBenchmark() {}

	record Row(String mode, double perSecond, double p50, double p95) {}

	public static void main(String[] args) throws Exception {
		int requests = args.length > 0 ? Integer.parseInt(args[0]) : 100;
		int clients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
		int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 30;
		int reports = args.length > 3 ? Integer.parseInt(args[3]) : 20;
		List<String> modes = List.of((args.length > 4 ? args[4] : "rules,identity,rules").split(","));
		List<Row> rows = new ArrayList<>();
		for (String mode : modes) {
			rows.add(measure(mode, requests, clients, warmUp, reports));
		}
		System.out.printf("%n%-8s | %10s | %8s | %8s%n", "mode", "history/s", "p50", "p95");
		for (Row row : rows) {
			System.out.printf("%-8s | %10.1f | %6.1fms | %6.1fms%n", row.mode(), row.perSecond(), row.p50(), row.p95());
		}
		System.exit(0);
	}

	private static Row measure(String mode, int requests, int clients, int warmUp, int reports) throws Exception {
		if (!List.of("rules", "identity", "uncached").contains(mode)) {
			throw new IllegalArgumentException("modes are rules, identity and uncached, not " + mode);
		}
		Path dataDir = Files.createTempDirectory("hub-bench-access-");
		ConfigurableApplicationContext hub = new SpringApplicationBuilder(HubApplication.class)
				.properties("server.port=0", "hub.mllp.port=0", "hub.data-dir=" + dataDir,
						"hub.access.enabled=" + !mode.equals("identity"),
						"hub.access.decision-cache=" + (mode.equals("uncached") ? "0s" : "30s"),
						"logging.level.root=WARN", "logging.level.org.countyhub=WARN")
				.run();
		try {
			int port = ((WebServerApplicationContext) hub).getWebServer().getPort();
			List<String> units = hub.getBean(CountyDirectory.class).units().stream().map(MemberUnit::code).toList();
			IGenericClient seeder = HubServerTest.newClient(port, Tokens.person(hub, List.of(Roles.CLINICIAN), units));
			String idCard = TestIdCards.next();
			IIdType township = AccessSeeds.register(seeder, "WSY01", idCard);
			IIdType county = AccessSeeds.register(seeder, "XRMYY", idCard);
			for (int i = 0; i < reports; i++) {
				AccessSeeds.report(seeder, "WSY01", township, null, i);
				AccessSeeds.report(seeder, "XRMYY", county, null, i);
			}
			AccessSeeds.encounterToday(seeder, "WSY01", township);

			String authorization = "Bearer " + Tokens.person(hub, List.of(Roles.CLINICIAN), List.of("WSY01"));
			String url = "http://localhost:" + port + "/fhir/Patient/" + township.getIdPart()
					+ "/$history-across-units?_count=50";
			HttpClient http = HttpClient.newHttpClient();
			ExecutorService pool = Executors.newFixedThreadPool(clients);
			try {
				run(pool, http, url, authorization, clients, warmUp, 2 * reports);
				long start = System.nanoTime();
				long[] all = run(pool, http, url, authorization, clients, requests, 2 * reports);
				double seconds = (System.nanoTime() - start) / 1e9;
				return new Row(mode, all.length / seconds, percentile(all, 50),
						percentile(all, 95));
			} finally {
				pool.shutdownNow();
			}
		} finally {
			hub.close();
		}
	}

	private static long[] run(ExecutorService pool, HttpClient http, String url, String authorization, int clients,
			int requests, int expectedReports) throws Exception {
		List<Future<long[]>> futures = new ArrayList<>();
		for (int c = 0; c < clients; c++) {
			futures.add(pool.submit(() -> {
				long[] latencies = new long[requests];
				for (int i = 0; i < requests; i++) {
					HttpRequest request = HttpRequest.newBuilder(URI.create(url))
							.header("Authorization", authorization).build();
					long t0 = System.nanoTime();
					HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
					latencies[i] = System.nanoTime() - t0;
					if (response.statusCode() != 200) {
						throw new IllegalStateException(url + ": " + response.statusCode() + " " + response.body());
					}
					int found = response.body().split("\"resourceType\"\\s*:\\s*\"DiagnosticReport\"", -1).length - 1;
					if (found < expectedReports) {
						throw new IllegalStateException("the history holds " + found + " reports, not "
								+ expectedReports);
					}
				}
				return latencies;
			}));
		}
		List<Long> all = new ArrayList<>();
		for (Future<long[]> future : futures) {
			for (long latency : future.get()) {
				all.add(latency);
			}
		}
		return all.stream().mapToLong(Long::longValue).toArray();
	}

	private static double percentile(long[] nanos, int p) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		int index = Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1);
		return sorted[index] / 1e6;
	}
}
