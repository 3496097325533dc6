package org.countyhub.server.bench;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.countyhub.profiles.HubSystems;
import org.countyhub.profiles.ResidentIdCard;
import org.countyhub.server.HubApplication;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.support.Tokens;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Ingest rate of a typical lab result transaction (Patient by conditional create + lab-report DiagnosticReport +
 * 8 lab-result Observations, as an ORU^R01 becomes), with the guide enforced ({@code hub.validation.*=reject}, the
 * default) and with validation off. Each mode runs in a fresh hub on its own H2 database; the client posts the
 * transactions one after another, as one feed does. Run with {@code bench/lab-ingest.sh [transactions] [warm-up]};
 * with a third argument {@code public-health}, both runs validate and the second turns the notifiable disease
 * detection off ({@code hub.public-health.enabled=false}): the cost of judging every stored result; with
 * {@code critical-values}, the same for the critical value table (200 items, {@code hub.critical-values.enabled=false}
 * in the second run).
 */
public final class LabIngestBenchmark {

	private static final String[] TYPES = {"patient", "organization", "diagnostic-report", "observation",
		"imaging-study", "service-request", "task", "id-card-check-digit"};
	private static final String[][] ITEMS = {
		{"1001", "总蛋白", "g/L", "g/L", "72.3"}, {"1002", "白蛋白", "g/L", "g/L", "43.1"},
		{"1010", "葡萄糖", "mmol/L", "mmol/L", "5.6"}, {"1020", "钾", "mmol/L", "mmol/L", "4.1"},
		{"1021", "钠", "mmol/L", "mmol/L", "139"}, {"1022", "氯", "mmol/L", "mmol/L", "101"},
		{"1040", "谷丙转氨酶", "U/L", "U/L", "23"}, {"1050", "肌酐", "μmol/L", "umol/L", "68"}};

	private final FhirContext ctx = FhirContext.forR4Cached();
	private final HttpClient http = HttpClient.newHttpClient();
	private long sequence = System.nanoTime() % 100_000;

	public static void main(String[] args) throws Exception {
		int count = args.length > 0 ? Integer.parseInt(args[0]) : 300;
		int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 50;
		LabIngestBenchmark bench = new LabIngestBenchmark();
		List<String> report = new ArrayList<>();
		// the first hub of a JVM runs ~40 % slower whatever its mode (the JIT is still at work after its warm-up):
		// a first pass of the first mode warms the JVM and is shown apart, so the compared runs are alike
		if (args.length > 2 && "critical-values".equals(args[2])) {
			String table = "--hub.critical-values.table=file:" + criticalValueTable(200);
			String off = "--hub.critical-values.enabled=false";
			if (args.length > 3 && "off-first".equals(args[3])) {
				report.add(bench.run("(JVM warm-up) critical values off", "reject", count, warmUp, table, off));
				report.add(bench.run("critical values off", "reject", count, warmUp, table, off));
				report.add(bench.run("critical values on", "reject", count, warmUp, table));
			} else {
				report.add(bench.run("(JVM warm-up) critical values on", "reject", count, warmUp, table));
				report.add(bench.run("critical values on", "reject", count, warmUp, table));
				report.add(bench.run("critical values off", "reject", count, warmUp, table, off));
			}
		} else if (args.length > 2 && "public-health".equals(args[2])) {
			report.add(bench.run("(JVM warm-up) detection on", "reject", count, warmUp));
			report.add(bench.run("detection on", "reject", count, warmUp));
			report.add(bench.run("detection off", "reject", count, warmUp, "--hub.public-health.enabled=false"));
		} else {
			report.add(bench.run("(JVM warm-up) validation on", "reject", count, warmUp));
			report.add(bench.run("validation on (reject)", "reject", count, warmUp));
			report.add(bench.run("validation off", "off", count, warmUp));
		}
		System.out.println();
		System.out.println("Lab result transaction = 1 Patient + 1 DiagnosticReport + 8 Observations; "
				+ count + " measured after " + warmUp + " warm-up, one client, sequential");
		report.forEach(System.out::println);
		System.exit(0);
	}

	/**
	 * A county table of {@code items} lab items: the benchmark's own eight items (LOINC-less local codes, limits no
	 * value of theirs reaches, so every result is judged and none is critical) and others up to the count.
	 */
	public static Path criticalValueTable(int items) throws IOException {
		StringBuilder yaml = new StringBuilder("version: bench\n"
				+ "limits: {notifyMinutes: 10, acknowledgeMinutes: 15, escalateEveryMinutes: 15}\n"
				+ "medicalAffairs: XRMYY\nlabItems:\n");
		for (String[] item : ITEMS) {
			yaml.append("  - {name: ").append(item[1]).append(", local: [\"XRMYY:").append(item[0]).append("\"], unit: \"")
					.append(item[3]).append("\", low: 0.001, high: 100000}\n");
		}
		for (int i = ITEMS.length; i < items; i++) {
			yaml.append("  - {name: item").append(i).append(", loinc: [\"99").append(i).append("-0\"], local: [\"XRMYY:B")
					.append(i).append("\"], unit: mmol/L, low: 1, high: 10}\n");
		}
		Path file = Files.createTempFile("critical-values-", ".yaml");
		Files.writeString(file, yaml, StandardCharsets.UTF_8);
		return file;
	}

	private String run(String label, String mode, int count, int warmUp, String... settings) throws Exception {
		Path dataDir = Files.createTempDirectory("hub-bench-");
		// the MLLP listener on a free port too: the transactions come over REST, and 2575 may be another hub's
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--hub.mllp.port=0", "--hub.data-dir=" + dataDir,
				"--spring.jmx.enabled=false", "--logging.level.root=WARN", "--logging.level.org.countyhub=WARN"));
		args.addAll(List.of(settings));
		Arrays.stream(TYPES).forEach(t -> args.add("--hub.validation." + t + "=" + mode));
		try (ConfigurableApplicationContext hub = new SpringApplicationBuilder(HubApplication.class)
				.run(args.toArray(String[]::new))) {
			String base = "http://localhost:" + ((WebServerApplicationContext) hub).getWebServer().getPort() + "/fhir";
			bearer = "Bearer " + Tokens.person(hub, List.of(Roles.CLINICIAN), List.of("XRMYY"));
			for (int i = 0; i < warmUp; i++) {
				post(base, transaction());
			}
			long[] nanos = new long[count];
			long start = System.nanoTime();
			for (int i = 0; i < count; i++) {
				String body = transaction();
				long t0 = System.nanoTime();
				post(base, body);
				nanos[i] = System.nanoTime() - t0;
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			Arrays.sort(nanos);
			return String.format(Locale.ROOT,
					"%-24s %7.1f transactions/s  %7.0f resources/s  mean %6.1f ms  p50 %6.1f ms  p95 %6.1f ms",
					label, count / seconds, count * 10 / seconds, seconds * 1000 / count,
					nanos[count / 2] / 1e6, nanos[(int) (count * 0.95)] / 1e6);
		}
	}

	private String bearer;

	private void post(String base, String body) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(base))
				.header("Content-Type", "application/fhir+json; charset=utf-8")
				.header("Prefer", "return=minimal")
				.header("Authorization", bearer)
				.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
				.build();
		HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("transaction refused: " + response.statusCode() + " " + response.body());
		}
	}

	private String transaction() {
		long n = ++sequence;
		String body17 = String.format("330122%04d%02d%02d%03d", 1940 + n / 1000 % 60, 1 + n % 12, 1 + n % 28, n % 1000);
		String idCard = body17 + ResidentIdCard.checkCharacter(body17);
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		String patientRef = "urn:uuid:" + UUID.randomUUID();
		Patient patient = new Patient();
		patient.getMeta().addProfile(HubSystems.PATIENT_PROFILE);
		patient.addIdentifier().setSystem(HubSystems.RESIDENT_ID_CARD).setValue(idCard);
		patient.addIdentifier().setSystem(HubSystems.unitPatientNumber("XRMYY")).setValue("MZ" + n);
		patient.addName().setText("测试" + n).setFamily("测").addGiven("试" + n);
		patient.setGender(n % 2 == 0 ? Enumerations.AdministrativeGender.FEMALE : Enumerations.AdministrativeGender.MALE);
		patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(body17.substring(6, 10) + "-"
				+ body17.substring(10, 12) + "-" + body17.substring(12, 14)));
		bundle.addEntry().setFullUrl(patientRef).setResource(patient).getRequest()
				.setMethod(Bundle.HTTPVerb.POST).setUrl("Patient")
				.setIfNoneExist("identifier=" + HubSystems.RESIDENT_ID_CARD + "|" + idCard);

		DateTimeType effective = new DateTimeType("2026-11-21T08:12:00+08:00");
		DiagnosticReport report = new DiagnosticReport();
		report.getMeta().addProfile(HubSystems.LAB_REPORT_PROFILE);
		String reportNumber = "R" + n + "-" + UUID.randomUUID();
		report.addIdentifier().setSystem(HubSystems.CANONICAL_BASE + "/unit/XRMYY/sid/lab-report").setValue(reportNumber);
		report.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL);
		report.addCategory().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v2-0074").setCode("LAB");
		report.getCode().addCoding().setSystem(HubSystems.unitItemCodes("XRMYY")).setCode("SH-01").setDisplay("生化常规");
		report.setSubject(new Reference(patientRef));
		report.setEffective(effective);
		report.addPerformer(new Reference("Organization/XRMYY"));
		for (String[] item : ITEMS) {
			String obsRef = "urn:uuid:" + UUID.randomUUID();
			Observation obs = new Observation();
			obs.getMeta().addProfile(HubSystems.LAB_RESULT_PROFILE);
			obs.addIdentifier().setSystem(HubSystems.CANONICAL_BASE + "/unit/XRMYY/sid/lab-result")
					.setValue(reportNumber + "-" + item[0]);
			obs.setStatus(Observation.ObservationStatus.FINAL);
			obs.addCategory().addCoding()
					.setSystem("http://terminology.hl7.org/CodeSystem/observation-category").setCode("laboratory");
			obs.setCode(new CodeableConcept().setText(item[1]));
			obs.getCode().addCoding().setSystem(HubSystems.unitItemCodes("XRMYY")).setCode(item[0]).setDisplay(item[1]);
			obs.setSubject(new Reference(patientRef));
			obs.setEffective(effective);
			obs.addPerformer(new Reference("Organization/XRMYY"));
			obs.setValue(new Quantity().setValue(Double.parseDouble(item[4])).setUnit(item[2])
					.setSystem("http://unitsofmeasure.org").setCode(item[3]));
			bundle.addEntry().setFullUrl(obsRef).setResource(obs).getRequest()
					.setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
			report.addResult(new Reference(obsRef));
		}
		bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(report).getRequest()
				.setMethod(Bundle.HTTPVerb.POST).setUrl("DiagnosticReport");
		return ctx.newJsonParser().encodeResourceToString(bundle);
	}
}
