package org.countyhub.server.prescription;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.countyhub.county.CountyConfigurationException;
import org.countyhub.county.CountyDirectory;
import org.countyhub.county.MemberUnit;
import org.countyhub.county.UnitType;
import org.countyhub.server.config.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Reads the county's formulary ({@code hub.prescriptions.formulary}, else {@code formulary/formulary.yaml} in the
 * county folder) and review policy ({@code hub.prescriptions.policy}, else {@code formulary/review-policy.yaml}). A
 * malformed ATC code, a duplicate drug code, a limit that is not positive, an unknown unit or unit type stops the
 * start, naming the file and the entry; a named file that does not exist too. A county folder without these files
 * starts with the feature dormant (no screening, nothing held) and says so.
 */
@Configuration
class FormularyConfig {

	private static final Logger log = LoggerFactory.getLogger(FormularyConfig.class);
	/** An ATC code or prefix: A, A10, A10B, A10BA, A10BA02. */
	private static final Pattern ATC = Pattern.compile("[A-Z]([0-9]{2}([A-Z]([A-Z]([0-9]{2})?)?)?)?");

	record FormularyFile(String version, Integer childUnderYears, Integer duplicateAtcLevel, List<DrugEntry> drugs,
			List<Formulary.DuplicateGroup> duplicateGroups, List<Formulary.Interaction> interactions,
			List<Formulary.AllergyClass> allergyClasses) {}

	record DrugEntry(String code, String nationalCode, String name, String generic, String atc, String form,
			String strength, String route, Formulary.DoseLimit adult, Formulary.DoseLimit child,
			ContraindicationEntry contraindications) {}

	record ContraindicationEntry(Integer minAgeYears, Boolean pregnancy) {}

	record PolicyFile(String centre, String centreName, List<String> reviewedUnitTypes, List<String> autoApproveClean,
			String timeLimit) {}

	private final ObjectMapper yaml = JsonMapper.builder(new YAMLFactory())
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.findAndAddModules()
			.build();

	@Bean
	Formulary formulary(PrescriptionProperties properties, HubProperties hub, ResourceLoader loader) {
		Resource file = file(properties.formulary(), "hub.prescriptions.formulary", "formulary.yaml", hub, loader);
		if (file == null) {
			log.warn("The county folder has no formulary/formulary.yaml (nor hub.prescriptions.formulary): "
					+ "prescriptions are stored but not screened (docs/prescriptions.md)");
			return new Formulary("none", 14, 4, Map.of(), Map.of(), Map.of(), List.of(), List.of(), List.of());
		}
		FormularyFile content = read(file, FormularyFile.class);
		try {
			Formulary formulary = build(content);
			log.info("Community formulary {} version {}: {} drugs, {} interaction pairs", file.getDescription(),
					formulary.version(), formulary.drugs().size(), content.interactions() == null ? 0
							: content.interactions().size());
			return formulary;
		} catch (IllegalArgumentException e) {
			throw new CountyConfigurationException(file.getDescription() + ": " + e.getMessage(), e);
		}
	}

	@Bean
	ReviewPolicy reviewPolicy(PrescriptionProperties properties, HubProperties hub, ResourceLoader loader,
			CountyDirectory county) {
		Resource file = file(properties.policy(), "hub.prescriptions.policy", "review-policy.yaml", hub, loader);
		if (file == null) {
			log.warn("The county folder has no formulary/review-policy.yaml (nor hub.prescriptions.policy): no"
					+ " prescription is held for review and 缺药登记 is refused (docs/prescriptions.md)");
			return ReviewPolicy.NONE;
		}
		PolicyFile content = read(file, PolicyFile.class);
		try {
			ReviewPolicy policy = policy(content, county);
			log.info("Prescription review policy {}: centre {}, reviewed unit types {}, clean auto-approved at {},"
					+ " time limit {}", file.getDescription(), policy.centre().code(), policy.reviewedUnitTypes(),
					policy.autoApproveClean(), policy.timeLimit());
			return policy;
		} catch (IllegalArgumentException e) {
			throw new CountyConfigurationException(file.getDescription() + ": " + e.getMessage(), e);
		}
	}

	private <T> T read(Resource file, Class<T> type) {
		try (InputStream in = file.getInputStream()) {
			return yaml.readValue(in, type);
		} catch (IOException | RuntimeException e) {
			throw new CountyConfigurationException(file.getDescription() + ": "
					+ String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
		}
	}

	private static Resource file(String setting, String key, String name, HubProperties hub, ResourceLoader loader) {
		Resource file = setting.isBlank()
				? loader.getResource(hub.county().location().replaceAll("/+$", "") + "/formulary/" + name)
				: loader.getResource(setting);
		if (!file.exists()) {
			if (setting.isBlank()) {
				return null;
			}
			throw new CountyConfigurationException(key + ": " + setting + " does not exist", null);
		}
		return file;
	}

	static Formulary build(FormularyFile file) {
		if (file.drugs() == null || file.drugs().isEmpty()) {
			throw new IllegalArgumentException("drugs are required");
		}
		int childUnder = file.childUnderYears() == null ? 14 : file.childUnderYears();
		int level = file.duplicateAtcLevel() == null ? 4 : file.duplicateAtcLevel();
		Formulary.atcLength(level);
		Map<String, Formulary.Drug> byCode = new LinkedHashMap<>();
		Map<String, Formulary.Drug> byAtc = new LinkedHashMap<>();
		Map<String, Formulary.Drug> byNational = new LinkedHashMap<>();
		for (DrugEntry d : file.drugs()) {
			if (d.code() == null || d.code().isBlank() || d.name() == null || d.name().isBlank()) {
				throw new IllegalArgumentException("a drug needs code and name: " + d);
			}
			if (d.atc() == null || d.atc().length() != 7 || !ATC.matcher(d.atc()).matches()) {
				throw new IllegalArgumentException("drug '" + d.code() + "': atc '" + d.atc()
						+ "' is not a 7-character ATC code (e.g. J01CA04)");
			}
			limit(d.code(), "adult", d.adult());
			limit(d.code(), "child", d.child());
			ContraindicationEntry c = d.contraindications();
			Formulary.Drug drug = new Formulary.Drug(d.code(), d.nationalCode(), d.name(),
					d.generic() == null ? d.name() : d.generic(), d.atc(), d.form(), d.strength(), d.route(),
					d.adult(), d.child(), c == null ? Formulary.Contraindications.NONE
							: new Formulary.Contraindications(c.minAgeYears(), Boolean.TRUE.equals(c.pregnancy())));
			if (byCode.put(d.code(), drug) != null) {
				throw new IllegalArgumentException("drug '" + d.code() + "' is listed twice");
			}
			byAtc.putIfAbsent(d.atc(), drug);
			if (d.nationalCode() != null && !d.nationalCode().isBlank()) {
				byNational.put(d.nationalCode(), drug);
			}
		}
		List<Formulary.DuplicateGroup> groups = list(file.duplicateGroups());
		for (Formulary.DuplicateGroup g : groups) {
			prefixes("duplicate group '" + g.id() + "'", g.atc());
		}
		List<Formulary.Interaction> interactions = list(file.interactions());
		Set<String> severities = Set.of("high", "moderate", "low");
		for (Formulary.Interaction i : interactions) {
			prefixes("interaction '" + i.id() + "'", List.of(String.valueOf(i.a()), String.valueOf(i.b())));
			if (!severities.contains(i.severity())) {
				throw new IllegalArgumentException("interaction '" + i.id() + "': severity must be high, moderate or"
						+ " low, was '" + i.severity() + "'");
			}
		}
		List<Formulary.AllergyClass> allergies = list(file.allergyClasses());
		for (Formulary.AllergyClass a : allergies) {
			prefixes("allergy class '" + a.id() + "'", a.atc());
			if (a.allergens() == null || a.allergens().isEmpty()) {
				throw new IllegalArgumentException("allergy class '" + a.id() + "' needs allergens");
			}
		}
		return new Formulary(file.version(), childUnder, level, byCode, byAtc, byNational, groups, interactions,
				allergies);
	}

	private static <T> List<T> list(List<T> entries) {
		return entries == null ? List.of() : new ArrayList<>(entries);
	}

	private static void limit(String drug, String who, Formulary.DoseLimit limit) {
		if (limit == null) {
			return;
		}
		if ((limit.single() != null && limit.single() <= 0) || (limit.daily() != null && limit.daily() <= 0)) {
			throw new IllegalArgumentException("drug '" + drug + "': " + who + " dose limits must be positive (mg)");
		}
	}

	private static void prefixes(String what, List<String> atc) {
		if (atc == null || atc.isEmpty()) {
			throw new IllegalArgumentException(what + " names no ATC code");
		}
		for (String code : atc) {
			if (!ATC.matcher(code).matches()) {
				throw new IllegalArgumentException(what + ": '" + code + "' is not an ATC code or prefix");
			}
		}
	}

	static ReviewPolicy policy(PolicyFile file, CountyDirectory county) {
		if (file.centre() == null) {
			throw new IllegalArgumentException("centre (the pre-review centre's unit code) is required");
		}
		MemberUnit centre = county.byCode(file.centre()).orElseThrow(() -> new IllegalArgumentException(
				"centre '" + file.centre() + "' is not a member unit of the county"));
		Set<UnitType> types = EnumSet.noneOf(UnitType.class);
		for (String type : list(file.reviewedUnitTypes())) {
			types.add(UnitType.fromCode(type));
		}
		Set<String> auto = new LinkedHashSet<>();
		for (String code : list(file.autoApproveClean())) {
			county.byCode(code).orElseThrow(() -> new IllegalArgumentException("autoApproveClean: '" + code
					+ "' is not a member unit of the county"));
			auto.add(code);
		}
		Duration limit;
		try {
			limit = file.timeLimit() == null ? Duration.ofMinutes(30) : DurationStyle.detectAndParse(file.timeLimit());
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("timeLimit '" + file.timeLimit() + "' is not a duration (30m, 2h, PT30M)");
		}
		if (limit.isNegative() || limit.isZero()) {
			throw new IllegalArgumentException("timeLimit must be positive, was " + limit);
		}
		return new ReviewPolicy(centre, file.centreName() == null ? centre.name() + "前置处方审核中心"
				: file.centreName(), Set.copyOf(types), Set.copyOf(auto), limit);
	}
}
