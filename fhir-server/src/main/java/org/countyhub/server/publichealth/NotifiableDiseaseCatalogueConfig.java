package org.countyhub.server.publichealth;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.countyhub.county.CountyConfigurationException;
import org.countyhub.server.config.HubProperties;
import org.hl7.fhir.r4.model.CodeSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Reads the catalogue file: {@code hub.public-health.catalogue}, else the county folder's
 * {@code notifiable-diseases.yaml}, else the national default. A disease the guide's CodeSystem notifiable-disease
 * lacks, an unknown class or case classification, or a malformed ICD-10 pattern stops the start with the file named.
 */
@Configuration
class NotifiableDiseaseCatalogueConfig {

	static final String NATIONAL_DEFAULT = "classpath:public-health/notifiable-diseases.yaml";
	private static final String GUIDE_CODE_SYSTEM = "/ig/package/CodeSystem-notifiable-disease.json";
	private static final Logger log = LoggerFactory.getLogger(NotifiableDiseaseCatalogueConfig.class);

	/** The file's shape. */
	record CatalogueFile(String version, List<ClassEntry> classes, int episodeDays, List<DiseaseEntry> diseases) {}

	record ClassEntry(String code, String name, int limitHours) {}

	record DiseaseEntry(String code, String name, @com.fasterxml.jackson.annotation.JsonProperty("class") String diseaseClass,
			Integer episodeDays, List<String> icd10, List<String> carrierIcd10, List<TriggerEntry> labTriggers) {}

	record TriggerEntry(String name, List<String> loinc, List<String> positive, String caseClass) {}

	private final ObjectMapper yaml = JsonMapper.builder(new YAMLFactory())
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.build();

	@Bean
	NotifiableDiseaseCatalogue notifiableDiseaseCatalogue(PublicHealthProperties properties, HubProperties hub,
			ResourceLoader loader) throws IOException {
		Resource file = catalogueFile(properties, hub, loader);
		String name = file.getDescription();
		CatalogueFile content;
		try (InputStream in = file.getInputStream()) {
			content = yaml.readValue(in, CatalogueFile.class);
		} catch (IOException | RuntimeException e) {
			throw new CountyConfigurationException(name + ": " + e.getMessage().lines().findFirst().orElse(""), e);
		}
		try {
			NotifiableDiseaseCatalogue catalogue = build(content, guideCodes());
			log.info("Notifiable disease catalogue {} version {}: {} diseases", name, catalogue.version(),
					catalogue.diseases().size());
			return catalogue;
		} catch (IllegalArgumentException e) {
			throw new CountyConfigurationException(name + ": " + e.getMessage(), e);
		}
	}

	private static Resource catalogueFile(PublicHealthProperties properties, HubProperties hub, ResourceLoader loader) {
		if (!properties.catalogue().isBlank()) {
			Resource named = loader.getResource(properties.catalogue());
			if (!named.exists()) {
				throw new CountyConfigurationException("hub.public-health.catalogue: " + properties.catalogue()
						+ " does not exist", null);
			}
			return named;
		}
		Resource county = loader.getResource(hub.county().location().replaceAll("/+$", "") + "/notifiable-diseases.yaml");
		return county.exists() ? county : loader.getResource(NATIONAL_DEFAULT);
	}

	static NotifiableDiseaseCatalogue build(CatalogueFile file, Set<String> guideCodes) {
		if (file.classes() == null || file.diseases() == null || file.episodeDays() < 1) {
			throw new IllegalArgumentException("classes, episodeDays (at least 1) and diseases are required");
		}
		Map<String, NotifiableDisease.DiseaseClass> classes = new LinkedHashMap<>();
		for (ClassEntry c : file.classes()) {
			if (c.limitHours() < 1) {
				throw new IllegalArgumentException("class " + c.code() + ": limitHours must be at least 1");
			}
			classes.put(c.code(), new NotifiableDisease.DiseaseClass(c.code(), c.name(), c.limitHours()));
		}
		Map<String, NotifiableDisease> diseases = new LinkedHashMap<>();
		List<NotifiableDiseaseCatalogue.CodePattern> patterns = new ArrayList<>();
		for (DiseaseEntry d : file.diseases()) {
			if (!guideCodes.contains(d.code())) {
				throw new IllegalArgumentException("disease '" + d.code() + "' is not in the guide's CodeSystem"
						+ " notifiable-disease");
			}
			NotifiableDisease.DiseaseClass diseaseClass = classes.get(d.diseaseClass());
			if (diseaseClass == null) {
				throw new IllegalArgumentException("disease '" + d.code() + "': class '" + d.diseaseClass()
						+ "' is not one of " + classes.keySet());
			}
			List<NotifiableDisease.LabTrigger> triggers = new ArrayList<>();
			for (TriggerEntry t : d.labTriggers() == null ? List.<TriggerEntry>of() : d.labTriggers()) {
				if (t.loinc() == null || t.loinc().isEmpty() || t.positive() == null || t.positive().isEmpty()) {
					throw new IllegalArgumentException("disease '" + d.code() + "': lab trigger '" + t.name()
							+ "' needs loinc and positive values");
				}
				CaseClass caseClass;
				try {
					caseClass = CaseClass.of(t.caseClass() == null ? "confirmed" : t.caseClass());
				} catch (IllegalArgumentException e) {
					throw new IllegalArgumentException("disease '" + d.code() + "': caseClass '" + t.caseClass()
							+ "' is not suspected, clinical, confirmed or carrier");
				}
				triggers.add(new NotifiableDisease.LabTrigger(t.name(), List.copyOf(t.loinc()), List.copyOf(t.positive()),
						caseClass));
			}
			NotifiableDisease disease = new NotifiableDisease(d.code(), d.name(), diseaseClass,
					d.episodeDays() == null ? file.episodeDays() : d.episodeDays(), List.copyOf(triggers));
			if (diseases.put(d.code(), disease) != null) {
				throw new IllegalArgumentException("disease '" + d.code() + "' is listed twice");
			}
			for (String code : d.icd10() == null ? List.<String>of() : d.icd10()) {
				patterns.add(NotifiableDiseaseCatalogue.CodePattern.parse(code, disease, false));
			}
			for (String code : d.carrierIcd10() == null ? List.<String>of() : d.carrierIcd10()) {
				patterns.add(NotifiableDiseaseCatalogue.CodePattern.parse(code, disease, true));
			}
		}
		return new NotifiableDiseaseCatalogue(file.version(), diseases, patterns);
	}

	private static Set<String> guideCodes() throws IOException {
		try (InputStream in = NotifiableDiseaseCatalogueConfig.class.getResourceAsStream(GUIDE_CODE_SYSTEM)) {
			if (in == null) {
				throw new IllegalStateException(GUIDE_CODE_SYSTEM + " is not on the classpath (profiles module)");
			}
			CodeSystem codeSystem = FhirContext.forR4Cached().newJsonParser().parseResource(CodeSystem.class, in);
			return codeSystem.getConcept().stream().map(CodeSystem.ConceptDefinitionComponent::getCode)
					.collect(Collectors.toUnmodifiableSet());
		}
	}
}
