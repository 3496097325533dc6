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
 * The guide check alone, on one thread: the lab result of the end-to-end benchmark ({@code bench/oru-r01-8obx.hl7},
 * mapped as the LIS feed maps it) has its DiagnosticReport and 8 Observations validated over and over by the
 * hub's own rule (pooled validators, the server's validation support chain), nothing stored. Prints milliseconds
 * per resource for each round; the first rounds include JIT warm-up. See docs/validation.md, "What it costs".
 */
public final class ValidationBenchmark {

	private ValidationBenchmark() {}

	public static void main(String[] args) throws Exception {
		int perRound = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
		int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
		String jdbcUrl = args.length > 2 && !args[2].isBlank() ? args[2] : TestPostgres.newDatabaseUrl("hub_validation_bench");
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
			List<Resource> resources = labResult(hub);
			long failing = resources.stream().filter(r -> GuideConformance.hasErrors(guide.validate(r))).count();
			System.out.println("Validation benchmark: " + resources.size() + " resources of one lab result ("
					+ failing + " not conforming), " + perRound + " validations per round, one thread");
			List<Double> results = new ArrayList<>();
			for (int round = 1; round <= rounds; round++) {
				long start = System.nanoTime();
				for (int i = 0; i < perRound; i++) {
					guide.validate(resources.get(i % resources.size()));
				}
				double perResource = (System.nanoTime() - start) / 1e6 / perRound;
				results.add(perResource);
				System.out.printf("round %d: %6.3f ms per resource%n", round, perResource);
			}
			List<Double> last = results.subList(Math.max(0, results.size() - 3), results.size());
			System.out.printf("last %d rounds: %.3f - %.3f ms per resource%n", last.size(),
					last.stream().mapToDouble(Double::doubleValue).min().orElse(0),
					last.stream().mapToDouble(Double::doubleValue).max().orElse(0));
		} finally {
			hub.close();
		}
		System.exit(0);
	}

	/** The benchmark workload's lab result as the LIS feed maps it, without its Patient (stored once, not re-checked). */
	private static List<Resource> labResult(ConfigurableApplicationContext hub) throws Exception {
		String message = Files.readString(Path.of("bench/oru-r01-8obx.hl7"), StandardCharsets.UTF_8)
				.replace("${ID}", "VB1")
				.replace("${PATIENT}", "VB1")
				.replace("${NAME}", "王^伟")
				.replace("${BIRTH}", "19800101")
				.replace("${SEX}", "M");
		var unit = hub.getBean(FeedUnits.class).byCode("XRMYY").orElseThrow();
		Bundle bundle = new LabReportTranslator().translate(new FeedContext(Hl7Message.parse(message), unit));
		return bundle.getEntry().stream()
				.map(Bundle.BundleEntryComponent::getResource)
				.filter(r -> !(r instanceof Patient))
				.toList();
	}
}
