package org.countyhub.server.validation;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.countyhub.feeds.fhir.FeedContext;
import org.countyhub.feeds.hl7.Hl7Message;
import org.countyhub.feeds.lis.LabReportTranslator;
import org.countyhub.feeds.unit.FeedUnits;
import org.countyhub.server.HubApplication;
import org.countyhub.server.support.TestPostgres;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The guide check alone, on one thread or more: the lab result of the end-to-end benchmark ({@code bench/oru-r01-8obx.hl7},
 * mapped as the LIS feed maps it) has its DiagnosticReport and 8 Observations validated over and over by the
 * hub's own rule (pooled validators, the server's validation support chain), or the same as stored. Prints
 * milliseconds and CPU milliseconds per resource for each round; the first rounds include JIT warm-up. Arguments:
 * [per round] [rounds] [jdbc url] [threads] [mapped|stored]. See docs/validation.md, "What it costs".
 */
public final class ValidationBenchmark {

	private ValidationBenchmark() {}

	public static void main(String[] args) throws Exception {
		int perRound = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
		int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
		String jdbcUrl = args.length > 2 && !args[2].isBlank() ? args[2] : TestPostgres.newDatabaseUrl("hub_validation_bench");
		int threads = args.length > 3 ? Integer.parseInt(args[3]) : 1;
		ConfigurableApplicationContext hub = SpringApplication.run(HubApplication.class,
				"--spring.datasource.url=" + jdbcUrl,
				"--spring.datasource.username=postgres",
				"--spring.datasource.password=postgres",
				"--hub.data-dir=" + Files.createTempDirectory("hub-validation-bench-"),
				"--server.port=0",
				"--hub.mllp.port=0",
				"--logging.level.root=WARN");
		try {
			GuideConformance guide = hub.getBean(ProfileEnforcement.class).conformanceFor(FeedOutputMode.INLINE);
			List<Resource> resources = args.length > 4 && args[4].equals("stored") ? stored(hub) : labResult(hub);
			long failing = resources.stream().filter(r -> GuideConformance.hasErrors(guide.validate(r))).count();
			System.out.println("Validation benchmark: " + resources.size() + " resources of one lab result ("
					+ failing + " not conforming), " + perRound + " validations per round, " + threads + " thread(s)");
			List<Double> results = new ArrayList<>();
			var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
			var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
			for (int round = 1; round <= rounds; round++) {
				long start = System.nanoTime();
				long cpu = os.getProcessCpuTime();
				List<java.util.concurrent.Future<?>> parts = new ArrayList<>();
				for (int t = 0; t < threads; t++) {
					int first = t;
					parts.add(pool.submit(() -> {
						for (int i = first; i < perRound; i += threads) {
							guide.validate(resources.get(i % resources.size()));
						}
					}));
				}
				for (var part : parts) {
					part.get();
				}
				double perResource = (System.nanoTime() - start) / 1e6 / perRound;
				results.add(perResource);
				System.out.printf("round %d: %6.3f ms per resource (CPU %6.3f ms)%n", round, perResource,
						(os.getProcessCpuTime() - cpu) / 1e6 / perRound);
			}
			pool.shutdown();
			List<Double> last = results.subList(Math.max(0, results.size() - 3), results.size());
			System.out.printf("last %d rounds: %.3f - %.3f ms per resource%n", last.size(),
					last.stream().mapToDouble(Double::doubleValue).min().orElse(0),
					last.stream().mapToDouble(Double::doubleValue).max().orElse(0));
		} finally {
			hub.close();
		}
		System.exit(0);
	}

	/**
	 * The lab result as the hub stores it (written by a transaction as the feed writes it, read back): with its
	 * references resolved to server ids, {@code meta.source}, the assigned profile and what the storage hooks add
	 * (e.g. the DiagnosticReport's recognition status), without its Patient.
	 */
	private static List<Resource> stored(ConfigurableApplicationContext hub) throws Exception {
		var systemDao = hub.getBean(ca.uhn.fhir.jpa.api.dao.IFhirSystemDao.class);
		var registry = hub.getBean(ca.uhn.fhir.jpa.api.dao.DaoRegistry.class);
		Bundle transaction = mapped(hub);
		Bundle response = (Bundle) FeedWrites.write(
				() -> systemDao.transaction(new ca.uhn.fhir.rest.api.server.SystemRequestDetails(), transaction));
		List<Resource> out = new ArrayList<>();
		for (var entry : response.getEntry()) {
			var id = new org.hl7.fhir.r4.model.IdType(entry.getResponse().getLocation()).toUnqualifiedVersionless();
			Resource r = (Resource) registry.getResourceDao(id.getResourceType()).read(id, new ca.uhn.fhir.rest.api.server.SystemRequestDetails());
			if (!(r instanceof Patient)) {
				out.add(r);
			}
		}
		return out;
	}

	/** The benchmark workload's lab result as the LIS feed maps it, without its Patient (stored once, not re-checked). */
	private static List<Resource> labResult(ConfigurableApplicationContext hub) throws Exception {
		return mapped(hub).getEntry().stream()
				.map(Bundle.BundleEntryComponent::getResource)
				.filter(r -> !(r instanceof Patient))
				.toList();
	}

	/** The benchmark workload's message as the LIS feed maps it: the transaction Bundle. */
	private static Bundle mapped(ConfigurableApplicationContext hub) throws Exception {
		String message = Files.readString(Path.of("bench/oru-r01-8obx.hl7"), StandardCharsets.UTF_8)
				.replace("${ID}", "VB1")
				.replace("${PATIENT}", "VB1")
				.replace("${NAME}", "王^伟")
				.replace("${BIRTH}", "19800101")
				.replace("${SEX}", "M");
		var unit = hub.getBean(FeedUnits.class).byCode("XRMYY").orElseThrow();
		return new LabReportTranslator().translate(new FeedContext(Hl7Message.parse(message), unit));
	}
}
