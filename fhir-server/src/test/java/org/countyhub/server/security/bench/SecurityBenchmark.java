package org.countyhub.server.security.bench;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.countyhub.county.CountyDirectory;
import org.countyhub.county.MemberUnit;
import org.countyhub.feeds.intake.MllpListenerRoute;
import org.countyhub.server.HubApplication;
import org.countyhub.server.feeds.MllpClient;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.support.Tokens;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What checking tokens (and binding feeds to addresses) costs: the same build with security on and with
 * {@code hub.security.benchmark-off=true}, in one run, each mode a hub of its own on a fresh H2 database, measured
 * in the order on, off, on (the JVM warms up over the run; the two "on" rows show how much). Per mode: an ORU^R01
 * with 8 OBX over MLLP, one connection, each message ACKed before the next (messages/s, p50/p95 of the ACK), then
 * {@code Patient/$history-across-units} of the patient those results belong to, one client (requests/s, p50/p95),
 * with a clinician's bearer token when on, none when off. See bench/security.sh and the README's benchmark table.
 *
 * <p>Arguments (optional): messages per mode (default 200), history requests per mode (default 400), warm-up of
 * each (default 100).
 */
public final class SecurityBenchmark {

	private static final Pattern PATIENT_ID = Pattern.compile("\"resourceType\":\"Patient\",\"id\":\"([^\"]+)\"");

	private SecurityBenchmark() {}

	record Row(String mode, double messagesPerSecond, double messageP50, double messageP95, double historyPerSecond,
			double historyP50, double historyP95) {}

	public static void main(String[] args) throws Exception {
		int messages = args.length > 0 ? Integer.parseInt(args[0]) : 200;
		int requests = args.length > 1 ? Integer.parseInt(args[1]) : 400;
		int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 100;
		String template = Files.readString(Path.of("bench/oru-r01-8obx.hl7"), StandardCharsets.UTF_8);
		List<Row> rows = new ArrayList<>();
		for (boolean off : new boolean[] {false, true, false}) {
			rows.add(measure(off, template, messages, requests, warmUp));
		}
		System.out.printf("%n%-4s | %9s | %8s | %8s | %10s | %8s | %8s%n", "mode", "ORU msg/s", "ACK p50", "ACK p95",
				"history/s", "p50", "p95");
		for (Row row : rows) {
			System.out.printf("%-4s | %9.1f | %6.1fms | %6.1fms | %10.1f | %6.1fms | %6.1fms%n", row.mode(),
					row.messagesPerSecond(), row.messageP50(), row.messageP95(), row.historyPerSecond(),
					row.historyP50(), row.historyP95());
		}
		System.exit(0);
	}

	private static Row measure(boolean off, String template, int messages, int requests, int warmUp) throws Exception {
		Path dataDir = Files.createTempDirectory("hub-bench-security-");
		ConfigurableApplicationContext hub = new SpringApplicationBuilder(HubApplication.class)
				.properties("server.port=0", "hub.mllp.port=0", "hub.data-dir=" + dataDir,
						"hub.security.benchmark-off=" + off, "logging.level.root=WARN",
						"logging.level.org.countyhub=WARN")
				.run();
		try {
			String base = "http://localhost:" + ((WebServerApplicationContext) hub).getWebServer().getPort();
			int mllpPort = hub.getBean(MllpListenerRoute.class).port();
			List<String> units = hub.getBean(CountyDirectory.class).units().stream().map(MemberUnit::code).toList();
			String authorization = off ? null : "Bearer " + Tokens.person(hub, List.of(Roles.CLINICIAN), units);
			String patient = "BENCH" + System.nanoTime();
			String run = Long.toString(System.nanoTime(), 36);
			try (MllpClient mllp = new MllpClient(mllpPort)) {
				send(mllp, template, run + "W", patient, warmUp);
				long start = System.nanoTime();
				long[] acks = send(mllp, template, run + "M", patient, messages);
				double seconds = (System.nanoTime() - start) / 1e9;
				String id = patientId(base, authorization, patient);
				HttpClient http = HttpClient.newHttpClient();
				String path = "/fhir/Patient/" + id + "/$history-across-units?_count=50";
				history(http, base + path, authorization, warmUp);
				long historyStart = System.nanoTime();
				long[] answers = history(http, base + path, authorization, requests);
				double historySeconds = (System.nanoTime() - historyStart) / 1e9;
				return new Row(off ? "off" : "on", messages / seconds, percentile(acks, 50), percentile(acks, 95),
						requests / historySeconds, percentile(answers, 50), percentile(answers, 95));
			}
		} finally {
			hub.close();
		}
	}

	/** Sends {@code count} lab results for one patient; the ACK latencies in nanoseconds. */
	private static long[] send(MllpClient mllp, String template, String run, String patient, int count) {
		long[] latencies = new long[count];
		for (int i = 0; i < count; i++) {
			String message = template.replace("${ID}", run + "-" + i).replace("${PATIENT}", patient)
					.replace("${NAME}", "王^芳").replace("${BIRTH}", "19600101").replace("${SEX}", "F");
			long t0 = System.nanoTime();
			MllpClient.Ack ack = mllp.send(message);
			latencies[i] = System.nanoTime() - t0;
			if (!"AA".equals(ack.code())) {
				throw new IllegalStateException("not accepted: " + ack.text().replace('\r', '\n'));
			}
		}
		return latencies;
	}

	private static long[] history(HttpClient http, String url, String authorization, int count) throws Exception {
		long[] latencies = new long[count];
		for (int i = 0; i < count; i++) {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
			if (authorization != null) {
				request.header("Authorization", authorization);
			}
			long t0 = System.nanoTime();
			HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			latencies[i] = System.nanoTime() - t0;
			if (response.statusCode() != 200) {
				throw new IllegalStateException(url + ": " + response.statusCode() + " " + response.body());
			}
		}
		return latencies;
	}

	private static String patientId(String base, String authorization, String mrn) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/fhir/Patient?identifier=M" + mrn));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		String body = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
		Matcher id = PATIENT_ID.matcher(body.replaceAll("\\s", ""));
		if (!id.find()) {
			throw new IllegalStateException("no patient M" + mrn + ": " + body);
		}
		return id.group(1);
	}

	private static double percentile(long[] nanos, int percent) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		return sorted[Math.min(sorted.length - 1, sorted.length * percent / 100)] / 1e6;
	}
}
