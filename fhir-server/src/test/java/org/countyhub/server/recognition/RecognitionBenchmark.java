package org.countyhub.server.recognition;

import static org.hl7.fhir.r4.model.DiagnosticReport.DiagnosticReportStatus.FINAL;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.access.AccessSeeds;
import org.countyhub.server.rest.TestIdCards;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.support.HubServerTest;
import org.countyhub.server.support.Latencies;
import org.countyhub.server.support.Tokens;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Latency of the ordering-time calls on PostgreSQL: {@code $recognizable-results} and the CDS Hooks
 * {@code order-sign} service (without prefetch, the hub reads the Patient) for one person with 200 results across
 * three units, with 1 and 4 concurrent clients. Starts the hub on embedded PostgreSQL, loads the data over FHIR
 * REST, warms up, then prints p50 / p95 / p99 / max in milliseconds, and the JVM's CPU time per request (which
 * does not grow when a busy machine makes requests queue for a core). See docs/recognition.md ("Benchmark").
 *
 * <p>Arguments (optional): requests per scenario (default 400), warm-up requests (default 100).
 */
public final class RecognitionBenchmark {

	private static final String[] ITEMS = {
		"GLU", "K", "NA", "CL", "TC", "TG", "ALT", "AST", "CREA", "UREA", "UA", "HBA1C", "DR-CHEST", "CT-CHEST",
		"US-ABD", "ECG-12"
	};

	private RecognitionBenchmark() {}

	public static void main(String[] args) throws Exception {
		int requests = args.length > 0 ? Integer.parseInt(args[0]) : 400;
		int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 100;
		ConfigurableApplicationContext app = Latencies.startOnPostgres();
		try {
			run(app, requests, warmUp);
		} finally {
			app.close();
		}
		System.exit(0);
	}

	private static void run(ConfigurableApplicationContext app, int requests, int warmUp) throws Exception {
		int port = ((WebServerApplicationContext) app).getWebServer().getPort();
		IGenericClient client = HubServerTest.newClient(app);
		String bearer = "Bearer " + Tokens.person(app, List.of(Roles.CLINICIAN), List.of("XRMYY"));
		RecognitionFixtures fx = new RecognitionFixtures(client);
		String idCard = TestIdCards.next();
		List<String> units = new ArrayList<>();
		List<String> patients = new ArrayList<>();
		for (String name : List.of("县人民医院", "城关镇卫生院", "青山镇卫生院")) {
			String unit = fx.unit(name, "2000-01-01", "2099-12-31", ITEMS);
			units.add(unit);
			patients.add(fx.patient(unit, idCard, "基准测试"));
		}
		// 200 results over the last 90 days: some items still recognisable, many lapsed (7/30/60-day windows)
		Random random = new Random(42);
		LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
		Bundle batch = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (int i = 0; i < 200; i++) {
			int u = i % 3;
			String item = ITEMS[random.nextInt(ITEMS.length)];
			String effective = today.minusDays(random.nextInt(90)) + "T08:" + String.format("%02d", i % 60) + ":00+08:00";
			DiagnosticReport report = RecognitionFixtures.newReport(patients.get(u), units.get(u), FINAL, effective,
					RecognitionFixtures.catalogue(item));
			batch.addEntry().setResource(report).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("DiagnosticReport");
			if (batch.getEntry().size() == 50) {
				client.transaction().withBundle(batch).execute();
				batch = new Bundle().setType(Bundle.BundleType.TRANSACTION);
			}
		}
		String patient = patients.get(0);
		// the clinician's unit sees the person today: the rules decide by that relationship (none of the three units
		// is the clinician's own)
		AccessSeeds.encounterToday(client, "XRMYY", new org.hl7.fhir.r4.model.IdType(patient));
		String operation = "http://localhost:" + port + "/fhir/" + patient
				+ "/$recognizable-results?code=GLU&code=K&code=CT-CHEST&code=HBA1C";
		String hook = orderSign(patient.replace("Patient/", ""));
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		Callable<Long> recognisable = () -> timed(http, HttpRequest.newBuilder(URI.create(operation))
				.header("Authorization", bearer).GET().build());
		Callable<Long> cds = () -> timed(http, HttpRequest.newBuilder(
						URI.create("http://localhost:" + port + "/cds-services/recognition-order-sign"))
				.header("Content-Type", "application/json")
				.header("Authorization", bearer)
				.POST(HttpRequest.BodyPublishers.ofString(hook, StandardCharsets.UTF_8))
				.build());

		for (int i = 0; i < warmUp; i++) {
			recognisable.call();
			cds.call();
		}
		System.out.println();
		System.out.println("Recognition benchmark: PostgreSQL (embedded), 1 person, 200 results across 3 units, "
				+ requests + " requests per row");
		System.out.printf("%-40s %8s %8s %8s %8s %8s %9s %10s%n", "call", "clients", "p50 ms", "p95 ms", "p99 ms",
				"max ms", "req/s", "cpu ms/req");
		for (int clients : new int[] {1, 4}) {
			Latencies.report("$recognizable-results (4 items)", clients,
					Latencies.measure(recognisable, clients, requests));
			Latencies.report("CDS order-sign (3 drafts, no prefetch)", clients, Latencies.measure(cds, clients, requests));
		}
	}

	private static String orderSign(String patientId) {
		Bundle drafts = new Bundle().setType(Bundle.BundleType.COLLECTION);
		for (String item : List.of("GLU", "CT-CHEST", "K")) {
			ServiceRequest order = new ServiceRequest();
			order.setId("draft-" + item);
			order.setStatus(ServiceRequest.ServiceRequestStatus.DRAFT);
			order.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
			order.setCode(new CodeableConcept(new Coding(HubSystems.RECOGNITION_CATALOGUE, item, null)));
			order.setSubject(new Reference("Patient/" + patientId));
			drafts.addEntry().setResource(order);
		}
		return "{\"hookInstance\":\"" + UUID.randomUUID() + "\",\"hook\":\"order-sign\",\"context\":{"
				+ "\"userId\":\"Practitioner/bench\",\"patientId\":\"" + patientId + "\",\"draftOrders\":"
				+ FhirContext.forR4Cached().newJsonParser().encodeResourceToString(drafts) + "}}";
	}

	private static long timed(HttpClient http, HttpRequest request) throws Exception {
		long start = System.nanoTime();
		HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
		long elapsed = System.nanoTime() - start;
		if (response.statusCode() != 200) {
			throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
		}
		return elapsed;
	}
}
