package org.countyhub.server.publichealth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;

/**
 * What detection adds to a stored record that is not notifiable (the common case): judging it against the shipped
 * catalogue, in memory, on one thread. {@code java -cp <test classpath> org.countyhub.server.publichealth.CatalogueJudgingCost}
 * (docs/public-health.md, "What detection costs").
 */
public final class CatalogueJudgingCost {

	public static void main(String[] args) throws Exception {
		ObjectMapper yaml = JsonMapper.builder(new YAMLFactory()).build();
		NotifiableDiseaseCatalogue catalogue;
		try (InputStream in = CatalogueJudgingCost.class.getResourceAsStream("/public-health/notifiable-diseases.yaml")) {
			NotifiableDiseaseCatalogueConfig.CatalogueFile file =
					yaml.readValue(in, NotifiableDiseaseCatalogueConfig.CatalogueFile.class);
			Set<String> codes = file.diseases().stream().map(NotifiableDiseaseCatalogueConfig.DiseaseEntry::code)
					.collect(Collectors.toSet());
			catalogue = NotifiableDiseaseCatalogueConfig.build(file, codes);
		}
		CodeableConcept diabetes = new CodeableConcept(new Coding(HubSystems.ICD10_CN_CLINICAL, "E11.900", "2型糖尿病"));
		Observation glucose = new Observation();
		glucose.getCode().addCoding(new Coding(HubSystems.LOINC, "2345-7", "Glucose"));
		glucose.setValue(new Quantity(5.6));
		int rounds = 2_000_000;
		for (int warm = 0; warm < 3; warm++) {
			long hits = 0;
			long t0 = System.nanoTime();
			for (int i = 0; i < rounds; i++) {
				hits += catalogue.diagnosis(diabetes, HubSystems.ICD10_CN_CLINICAL::equals).isPresent() ? 1 : 0;
			}
			long t1 = System.nanoTime();
			for (int i = 0; i < rounds; i++) {
				hits += catalogue.result(glucose, HubSystems.LOINC).isPresent() ? 1 : 0;
			}
			long t2 = System.nanoTime();
			System.out.printf(Locale.ROOT, "round %d: diagnosis %.0f ns, result %.0f ns per record (%d matches)%n",
					warm + 1, (t1 - t0) / (double) rounds, (t2 - t1) / (double) rounds, hits);
		}
	}
}
