package org.countyhub.server.feeds.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.countyhub.feeds.intake.MllpListenerRoute;
import org.countyhub.server.HubApplication;
import org.countyhub.server.feeds.MllpClient;
import org.countyhub.server.support.TestPostgres;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * End to end: ORU^R01 with 8 OBX sent over MLLP by 1 and by 4 concurrent senders into the hub on real
 * PostgreSQL (embedded binaries), each message committed and ACKed before the next on its connection. Prints
 * messages per second, ACK latency percentiles and the CPU a message cost, once the JIT is done (SteadyState). See
 * adapters/README.md.
 */
public final class MllpBenchmark {

	private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗";
	private static final String GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国志";
	/** The workload shared with the conversion benchmark: an LIS result with 8 numeric OBX. */
	private static String TEMPLATE;

	private MllpBenchmark() {}

	public static void main(String[] args) throws Exception {
		int perRun = args.length > 0 ? Integer.parseInt(args[0]) : 400;
		TEMPLATE = Files.readString(java.nio.file.Path.of("bench/oru-r01-8obx.hl7"), StandardCharsets.UTF_8);
		String jdbcUrl = args.length > 1 && !args[1].isBlank() ? args[1] : TestPostgres.newDatabaseUrl("hub_bench");
		var dataDir = Files.createTempDirectory("hub-bench-");
		List<String> settings = new ArrayList<>(List.of(
				"--spring.datasource.url=" + jdbcUrl,
				"--spring.datasource.username=postgres",
				"--spring.datasource.password=postgres",
				"--hub.data-dir=" + dataDir,
				"--server.port=0",
				"--hub.mllp.port=0",
				"--logging.level.root=WARN"));
		// steady state: on 2 cores the JIT compiles the hub's hot paths for 3 - 5 minutes of full load, taking up to a
		// third of the machine meanwhile; runs measured before that cost a third to a half more CPU (adapters/README.md)
		SteadyState.Options warm = SteadyState.Options.parse(
				args.length > 2 ? List.of(args).subList(2, args.length) : List.of(), perRun);
		int warmup = warm.warmup();
		int maxRounds = warm.maxRounds();
		// further arguments are hub settings to measure with, e.g. --hub.validation.observation=off, and
		// --bench.patients=N: results for N patients registered before the runs (0, the default: every message a
		// new patient)
		List<String> extra = new ArrayList<>();
		int patients = 0;
		for (String arg : warm.rest()) {
			if (arg.startsWith("--bench.patients=")) {
				patients = Integer.parseInt(arg.substring("--bench.patients=".length()));
			} else {
				extra.add(arg);
			}
		}
		settings.addAll(extra);
		ConfigurableApplicationContext hub = SpringApplication.run(HubApplication.class, settings.toArray(String[]::new));
		try {
			int port = hub.getBean(MllpListenerRoute.class).port();
			System.out.println("Warm-up ...");
			run(port, 1, Math.max(50, perRun / 4), "WARM", 0);
			if (patients > 0) {
				// each registered by a first result of its own (the first visit), not measured
				System.out.println("Registering " + patients + " patients ...");
				run(port, 4, patients, "REG", patients);
			}
			// the new patients of the warm-up and the registration are matched to persons in the background; that
			// backlog belongs to their first visits, not to the measured results
			awaitIdentityMatching(hub.getBean(org.springframework.jdbc.core.JdbcTemplate.class));
			if (warmup > 0) {
				System.out.println("Warm-up, " + warmup + " messages by 4 senders ...");
				run(port, 4, warmup, "WARM4", patients);
				awaitIdentityMatching(hub.getBean(org.springframework.jdbc.core.JdbcTemplate.class));
			}
			if (maxRounds > 0) {
				System.out.println("Warm-up until the JIT is done (rounds of " + perRun + " by 4 senders, at most " + maxRounds + ") ...");
				int[] round = {0};
				int registered = patients;
				SteadyState.warmUp(maxRounds, () -> {
					Result r = run(port, 4, perRun, "STEADY" + (++round[0]), registered);
					return String.format("%.1f msg/s", r.perSecond);
				});
				awaitIdentityMatching(hub.getBean(org.springframework.jdbc.core.JdbcTemplate.class));
			}
			System.out.println("End-to-end benchmark: ORU^R01 with 8 OBX over MLLP into PostgreSQL, " + perRun
					+ " messages per run, " + (patients > 0 ? "results for " + patients + " registered patients"
							: "every message a new patient") + (warmup > 0 ? ", after " + warmup + " more warm-up messages" : "")
					+ (extra.isEmpty() ? "" : ", with " + extra));
			for (int senders : new int[] {1, 4}) {
				CpuMeter cpu = new CpuMeter();
				double[] checks = guideChecks(hub);
				Result r = run(port, senders, perRun, "RUN" + senders + "-" + System.nanoTime(), patients);
				double[] checked = guideChecks(hub);
				System.out.printf("%d sender(s): %7.1f msg/s   ACK latency p50 %6.1f ms  p99 %6.1f ms  (%d AA of %d)   %s;"
						+ " guide checks %.1f per message, CPU %.1f ms per message%s%n",
						senders, r.perSecond, r.p50, r.p99, r.accepted, perRun, cpu.perMessage(perRun),
						(checked[0] - checks[0]) / perRun, (checked[1] - checks[1]) * 1000 / perRun, backlog(hub));
			}
			// the plain server's rate on the same machine and load: the same content as unconditional creates over REST
			int httpPort = Integer.parseInt(hub.getEnvironment().getProperty("local.server.port"));
			org.countyhub.feeds.unit.FeedUnit unit = hub.getBean(org.countyhub.feeds.unit.FeedUnits.class)
					.byCode("XRMYY").orElseThrow();
			Result plain = plainRest(hub, unit, 4, perRun);
			System.out.printf("plain REST transactions (same resources, unconditional POST), 4 clients: %7.1f bundles/s   "
					+ "latency p50 %6.1f ms  p99 %6.1f ms%n", plain.perSecond, plain.p50, plain.p99);
			// those were new patients: closing while MDM still links them would end in errors on its threads
			awaitIdentityMatching(hub.getBean(org.springframework.jdbc.core.JdbcTemplate.class));
		} finally {
			hub.close();
		}
		System.exit(0);
	}

	/** With feed-output after-ack: how many written versions wait to be judged after the run. */
	static String backlog(ConfigurableApplicationContext hub) {
		var gauge = hub.getBean(io.micrometer.core.instrument.MeterRegistry.class).find("hub.feed.output.backlog").gauge();
		return gauge == null ? "" : String.format("; after-ack backlog %.0f versions", gauge.value());
	}

	/** The hub's metrics of the guide checks so far: resources validated and their CPU seconds. */
	static double[] guideChecks(ConfigurableApplicationContext hub) {
		var meters = hub.getBean(io.micrometer.core.instrument.MeterRegistry.class);
		var checks = meters.find("hub.validation.checks").functionCounter();
		var cpu = meters.find("hub.validation.check.cpu").functionCounter();
		return new double[] {checks == null ? 0 : checks.count(), cpu == null ? 0 : cpu.count()};
	}

	/** Waits (at most five minutes) until MDM has linked every unit Patient to a person. */
	static void awaitIdentityMatching(org.springframework.jdbc.core.JdbcTemplate jdbc) {
		String unlinked = "select count(*) from hfj_resource r where r.res_type = 'Patient' and r.res_deleted_at is null"
				+ " and not exists (select 1 from mpi_link l where l.target_pid = r.res_id or l.golden_resource_pid = r.res_id)";
		try {
			org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(5))
					.pollInterval(java.time.Duration.ofMillis(500))
					.until(() -> jdbc.queryForObject(unlinked, Long.class) == 0);
		} catch (org.awaitility.core.ConditionTimeoutException e) {
			System.out.println("Still " + jdbc.queryForObject(unlinked, Long.class)
					+ " patients waiting for identity matching; measuring anyway");
		}
	}

	/**
	 * The template with its numbers made of {@code id} and a patient drawn from it: name, birth date (1935 to 2017)
	 * and sex vary as in a county, because identity matching looks for candidates by birth date and sex.
	 */
	static String labResult(String id) {
		return labResult(id, id);
	}

	/** A result with its own numbers ({@code id}) for the patient {@code patient} (MRN and demographics). */
	static String labResult(String id, String patient) {
		int h = patient.hashCode() & 0x7fffffff;
		String name = SURNAMES.charAt(h % SURNAMES.length()) + "^" + GIVEN.charAt((h / 31) % GIVEN.length())
				+ (h % 3 == 0 ? "" : String.valueOf(GIVEN.charAt((h / 977) % GIVEN.length())));
		String birth = java.time.LocalDate.of(1935, 1, 1).plusDays((h / 7) % 30_000)
				.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
		return TEMPLATE.replace("${ID}", id)
				.replace("${PATIENT}", patient)
				.replace("${NAME}", name)
				.replace("${BIRTH}", birth)
				.replace("${SEX}", h % 2 == 0 ? "M" : "F");
	}

	record Result(double perSecond, double p50, double p99, int accepted) {}

	static Result plainRest(ConfigurableApplicationContext hub, org.countyhub.feeds.unit.FeedUnit unit, int clients,
			int total) throws Exception {
		var translator = new org.countyhub.feeds.lis.LabReportTranslator();
		String run = "REST" + System.nanoTime();
		return timed(clients, total, (client, each) -> {
			var fhir = org.countyhub.server.support.HubServerTest.newClient(hub);
			long[] latencies = new long[each];
			for (int i = 0; i < each; i++) {
				String text = labResult(run + "-" + client + "-" + i);
				var message = org.countyhub.feeds.hl7.Hl7Message.parse(text);
				org.hl7.fhir.r4.model.Bundle bundle =
						translator.translate(new org.countyhub.feeds.fhir.FeedContext(message, unit));
				for (var entry : bundle.getEntry()) {
					entry.getRequest().setMethod(org.hl7.fhir.r4.model.Bundle.HTTPVerb.POST)
							.setUrl(entry.getResource().fhirType()).setIfNoneExist(null);
				}
				long t0 = System.nanoTime();
				fhir.transaction().withBundle(bundle).execute();
				latencies[i] = System.nanoTime() - t0;
			}
			return latencies;
		});
	}

	/** One client's share of a timed run: {@code each} requests, their latencies in nanoseconds. */
	interface Client {
		long[] run(int client, int each) throws Exception;
	}

	/** {@code total} requests by {@code clients} concurrent clients: the rate and the latency percentiles. */
	static Result timed(int clients, int total, Client client) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		List<Future<long[]>> futures = new ArrayList<>();
		int each = total / clients;
		long start = System.nanoTime();
		for (int c = 0; c < clients; c++) {
			int n = c;
			futures.add(pool.submit(() -> client.run(n, each)));
		}
		long[] all = new long[each * clients];
		for (int c = 0; c < clients; c++) {
			System.arraycopy(futures.get(c).get(), 0, all, c * each, each);
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		pool.shutdown();
		Arrays.sort(all);
		return new Result(all.length / seconds, all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6, all.length);
	}

	/**
	 * {@code total} results by {@code senders} connections; with {@code patients > 0} the n-th result overall is for
	 * registered patient {@code REG-(n mod patients)}, otherwise each result is for a new patient.
	 */
	static Result run(int port, int senders, int total, String run, int patients) throws Exception {
		java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
		Result timed = timed(senders, total, (sender, each) -> {
			long[] latencies = new long[each];
			try (MllpClient mllp = new MllpClient(port)) {
				for (int i = 0; i < each; i++) {
					String id = run + "-" + sender + "-" + i;
					String patient = patients > 0 ? "REG-" + ((i * senders + sender) % patients) : id;
					byte[] message = labResult(id, patient).getBytes(StandardCharsets.UTF_8);
					long t0 = System.nanoTime();
					String ack = new String(mllp.send(message), StandardCharsets.UTF_8);
					latencies[i] = System.nanoTime() - t0;
					if (ack.contains("MSA|AA|")) {
						accepted.incrementAndGet();
					} else {
						System.out.println("NAK: " + ack.replace('\r', '\n'));
					}
				}
			}
			return latencies;
		});
		return new Result(timed.perSecond(), timed.p50(), timed.p99(), accepted.get());
	}
}
