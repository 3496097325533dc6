package org.countyhub.server.critical;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Set;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.bench.LabIngestBenchmark;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;

/**
 * What the critical value check adds to a stored result that is not critical (the common case): judging it against
 * the benchmark's 200-item table, in memory, on one thread.
 * {@code java -cp <test classpath> org.countyhub.server.critical.CriticalValueJudgingCost}
 * (docs/critical-values.md, "What it costs").
 */
public final class CriticalValueJudgingCost {

	public static void main(String[] args) throws Exception {
		byte[] yaml = Files.readAllBytes(LabIngestBenchmark.criticalValueTable(200));
		CriticalValueTable table = CriticalValueTableFile.read(yaml, Set.of("XRMYY")::contains);
		Observation potassium = new Observation();
		potassium.setStatus(Observation.ObservationStatus.FINAL);
		potassium.getCode().addCoding(new Coding(HubSystems.unitItemCodes("XRMYY"), "1020", "钾"));
		potassium.getCode().addCoding(new Coding(HubSystems.LOINC, "2823-3", "Potassium"));
		potassium.setValue(new Quantity().setValue(new BigDecimal("4.1")).setUnit("mmol/L").setCode("mmol/L"));
		potassium.addInterpretation(new CodeableConcept(new Coding(CriticalJudgement.INTERPRETATION, "N", "Normal")));
		int rounds = 2_000_000;
		for (int round = 1; round <= 3; round++) {
			long hits = 0;
			long t0 = System.nanoTime();
			for (int i = 0; i < rounds; i++) {
				hits += CriticalJudgement.of(potassium, table).isPresent() ? 1 : 0;
			}
			long t1 = System.nanoTime();
			System.out.printf(Locale.ROOT, "round %d: %.0f ns per result (%d critical)%n", round,
					(t1 - t0) / (double) rounds, hits);
		}
	}
}
