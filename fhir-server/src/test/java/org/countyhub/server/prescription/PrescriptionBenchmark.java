package org.countyhub.server.prescription;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.countyhub.feeds.intake.MllpListenerRoute;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.feeds.MllpClient;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.support.HubServerTest;
import org.countyhub.server.support.Latencies;
import org.countyhub.server.support.Tokens;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 25's benchmark on embedded PostgreSQL: a person with 20 active prescriptions across 3 units (two county
 * hospitals and a township centre), then (1) the screening of a 5-drug township prescription as the storage rule
 * runs it (each order against the person's records: 4 searches per order), in process, and (2) the CDS Hooks
 * {@code prescription-order-sign} call with the same 5 drafts over HTTP (the hub reads the Patient), at 1 and 4
 * clients: p50 / p95 / p99 / max ms. Nothing is written while measuring, so the person stays at 20 prescriptions.
 * {@code bench/prescriptions.sh [requests (400)] [warm-up (100)]}; numbers in docs/prescriptions.md.
 */
public final class PrescriptionBenchmark {

	private static final String[][] ACTIVE = {
		{"nifedipine-tab-30", "硝苯地平控释片", "30", "QD"}, {"metformin-tab-500", "盐酸二甲双胍片", "500", "TID"},
		{"atorvastatin-tab-20", "阿托伐他汀钙片", "20", "QN"}, {"aspirin-tab-100", "阿司匹林肠溶片", "100", "QD"},
		{"metoprolol-tab-25", "酒石酸美托洛尔片", "25", "BID"}, {"omeprazole-cap-20", "奥美拉唑肠溶胶囊", "20", "QD"},
		{"captopril-tab-25", "卡托普利片", "25", "TID"}, {"glimepiride-tab-2", "格列美脲片", "2", "QD"},
		{"hctz-tab-25", "氢氯噻嗪片", "25", "QD"}, {"loratadine-tab-10", "氯雷他定片", "10", "QD"}
	};
	private static final String[][] PRESCRIPTION = {
		{"amlodipine-tab-5", "苯磺酸氨氯地平片", "5", "QD"}, {"clopidogrel-tab-75", "硫酸氢氯吡格雷片", "75", "QD"},
		{"ibuprofen-cap-300", "布洛芬缓释胶囊", "300", "BID"}, {"amoxicillin-cap-250", "阿莫西林胶囊", "500", "TID"},
		{"paracetamol-tab-500", "对乙酰氨基酚片", "500", "TID"}
	};

	private PrescriptionBenchmark() {}

	public static void main(String[] args) throws Exception {
		int requests = args.length > 0 ? Integer.parseInt(args[0]) : 400;
		int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 100;
		ConfigurableApplicationContext app = Latencies.startOnPostgres("hub.mllp.port=0");
		try {
			run(app, requests, warmUp);
		} finally {
			app.close();
		}
		System.exit(0);
	}

	private static void run(ConfigurableApplicationContext app, int requests, int warmUp) throws Exception {
		int port = ((WebServerApplicationContext) app).getWebServer().getPort();
		int mllp = app.getBean(MllpListenerRoute.class).port();
		IGenericClient client = HubServerTest.newClient(app);
		String card = PrescriptionMessages.idCard();
		List<Reference> records = new ArrayList<>();
		for (String unit : List.of("XRMYY", "XZYY", "WSY01")) {
			try (MllpClient sender = new MllpClient(mllp)) {
				MllpClient.Ack ack = sender.send(PrescriptionMessages.registration(unit, PrescriptionMessages.unique("M"),
						card, "钱^进", "19560101", "M", null), StandardCharsets.UTF_8);
				if (!"AA".equals(ack.code())) {
					throw new IllegalStateException(ack.text());
				}
			}
			Bundle found = client.search().forResource(Patient.class)
					.where(Patient.IDENTIFIER.exactly().systemAndIdentifier(HubSystems.RESIDENT_ID_CARD, card))
					.and(Patient.ORGANIZATION.hasId("Organization/" + unit)).returnBundle(Bundle.class).execute();
			records.add(new Reference("Patient/" + found.getEntryFirstRep().getResource().getIdElement().getIdPart()));
		}
		for (int i = 0; i < 20; i++) {
			String[] drug = ACTIVE[i % ACTIVE.length];
			String unit = List.of("XRMYY", "XZYY", "WSY01").get(i % 3);
			client.create().resource(PrescriptionStory.order(records.get(i % 3), unit, drug[0], drug[1],
					Double.parseDouble(drug[2]), drug[3])).execute();
		}
		PrescriptionScreening screening = app.getBean(PrescriptionScreening.class);
		List<MedicationRequest> prescription = new ArrayList<>();
		for (String[] drug : PRESCRIPTION) {
			MedicationRequest order = PrescriptionStory.order(records.get(2), "WSY01", drug[0], drug[1],
					Double.parseDouble(drug[2]), drug[3]);
			order.setGroupIdentifier(new org.hl7.fhir.r4.model.Identifier().setSystem("urn:bench").setValue("RX1"));
			prescription.add(order);
		}
		Callable<Long> screen = () -> {
			long start = System.nanoTime();
			int hits = 0;
			for (MedicationRequest order : prescription) {
				hits += screening.screen(order).size();
			}
			if (hits == 0) {
				throw new IllegalStateException("the benchmark prescription should have findings");
			}
			return System.nanoTime() - start;
		};
		String bearer = "Bearer " + Tokens.person(app, List.of(Roles.CLINICIAN), List.of("WSY01"));
		String hook = orderSign(records.get(2).getReference().replace("Patient/", ""), prescription);
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		Callable<Long> cds = () -> {
			long start = System.nanoTime();
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(
							URI.create("http://localhost:" + port + "/cds-services/prescription-order-sign"))
					.header("Content-Type", "application/json").header("Authorization", bearer)
					.POST(HttpRequest.BodyPublishers.ofString(hook, StandardCharsets.UTF_8)).build(),
					HttpResponse.BodyHandlers.ofString());
			long elapsed = System.nanoTime() - start;
			if (response.statusCode() != 200 || !response.body().contains("summary")) {
				throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
			}
			return elapsed;
		};
		for (int i = 0; i < warmUp; i++) {
			screen.call();
			cds.call();
		}
		System.out.println();
		System.out.println("Prescription benchmark: PostgreSQL (embedded), 1 person with 20 active prescriptions at 3"
				+ " units, a 5-drug prescription, " + requests + " requests per row");
		System.out.printf("%-40s %8s %8s %8s %8s %8s %9s %10s%n", "call", "clients", "p50 ms", "p95 ms", "p99 ms",
				"max ms", "req/s", "cpu ms/req");
		for (int clients : new int[] {1, 4}) {
			Latencies.report("screening, 5 orders (in process)", clients, Latencies.measure(screen, clients, requests));
			Latencies.report("CDS prescription-order-sign, 5 drafts", clients,
					Latencies.measure(cds, clients, requests));
		}
	}

	private static String orderSign(String patientId, List<MedicationRequest> orders) {
		Bundle drafts = new Bundle().setType(Bundle.BundleType.COLLECTION);
		int n = 0;
		for (MedicationRequest order : orders) {
			MedicationRequest draft = order.copy();
			draft.setId("draft-" + n++);
			draft.setStatus(MedicationRequest.MedicationRequestStatus.DRAFT);
			drafts.addEntry().setResource(draft);
		}
		return "{\"hookInstance\":\"" + UUID.randomUUID() + "\",\"hook\":\"order-sign\",\"context\":{"
				+ "\"userId\":\"Practitioner/bench\",\"patientId\":\"" + patientId + "\",\"draftOrders\":"
				+ FhirContext.forR4Cached().newJsonParser().encodeResourceToString(drafts) + "}}";
	}
}
