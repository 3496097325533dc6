package org.countyhub.server.publichealth;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Type;

/**
 * 法定报告传染病目录: which diagnoses and results report which disease. Built from the catalogue file
 * ({@link NotifiableDiseaseCatalogueConfig}); everything here is in memory, so judging a stored diagnosis or
 * result costs no query unless it is notifiable.
 */
public final class NotifiableDiseaseCatalogue {

	/** A diagnosis code that reports a disease; {@code carrier} for a carrier code (HIV感染者). */
	public record DiagnosisMatch(NotifiableDisease disease, boolean carrier) {}

	/** A positive result that reports a disease, and the trigger it met. */
	public record ResultMatch(NotifiableDisease disease, NotifiableDisease.LabTrigger trigger) {}

	/** One ICD-10 pattern of the file: a category range (A15-A16) or a code prefix (A22.1). */
	record CodePattern(String from, String to, NotifiableDisease disease, boolean carrier) {

		static CodePattern parse(String pattern, NotifiableDisease disease, boolean carrier) {
			String p = normal(pattern);
			int dash = p.indexOf('-');
			if (dash > 0) {
				String from = p.substring(0, dash);
				String to = p.substring(dash + 1);
				if (from.length() != 3 || to.length() != 3 || from.compareTo(to) > 0) {
					throw new IllegalArgumentException("code range '" + pattern + "' must be two three-character"
							+ " categories in order, like A15-A16");
				}
				return new CodePattern(from, to, disease, carrier);
			}
			if (p.length() < 3) {
				throw new IllegalArgumentException("code '" + pattern + "' is shorter than an ICD-10 category");
			}
			return new CodePattern(p, null, disease, carrier);
		}

		boolean matches(String code) {
			if (to != null) {
				String category = code.length() >= 3 ? code.substring(0, 3) : code;
				return category.compareTo(from) >= 0 && category.compareTo(to) <= 0;
			}
			return code.startsWith(from);
		}

		int specificity() {
			return to != null ? 3 : from.length();
		}
	}

	private final String version;
	private final Map<String, NotifiableDisease> diseases;
	private final List<CodePattern> patterns;

	NotifiableDiseaseCatalogue(String version, Map<String, NotifiableDisease> diseases, List<CodePattern> patterns) {
		this.version = version;
		this.diseases = Map.copyOf(diseases);
		this.patterns = List.copyOf(patterns);
	}

	public String version() {
		return version;
	}

	public Collection<NotifiableDisease> diseases() {
		return diseases.values();
	}

	public Optional<NotifiableDisease> disease(String code) {
		return Optional.ofNullable(diseases.get(code));
	}

	/**
	 * The disease an ICD-10 diagnosis reports: the most specific pattern matching any ICD-10 coding of the concept
	 * (the national clinical edition's or the unit's own edition; both keep the WHO categories).
	 */
	public Optional<DiagnosisMatch> diagnosis(CodeableConcept code, java.util.function.Predicate<String> icd10System) {
		CodePattern best = null;
		for (Coding coding : code.getCoding()) {
			if (!coding.hasCode() || !coding.hasSystem() || !icd10System.test(coding.getSystem())) {
				continue;
			}
			String normal = normal(coding.getCode());
			for (CodePattern pattern : patterns) {
				if (pattern.matches(normal) && (best == null || pattern.specificity() > best.specificity())) {
					best = pattern;
				}
			}
		}
		return best == null ? Optional.empty() : Optional.of(new DiagnosisMatch(best.disease(), best.carrier()));
	}

	/** The disease a result reports: a LOINC coding of a trigger and a positive value or interpretation. */
	public Optional<ResultMatch> result(Observation observation, String loincSystem) {
		for (NotifiableDisease disease : diseases.values()) {
			for (NotifiableDisease.LabTrigger trigger : disease.labTriggers()) {
				boolean item = observation.getCode().getCoding().stream()
						.anyMatch(c -> loincSystem.equals(c.getSystem()) && trigger.loinc().contains(c.getCode()));
				if (item && positive(observation, trigger)) {
					return Optional.of(new ResultMatch(disease, trigger));
				}
			}
		}
		return Optional.empty();
	}

	private static boolean positive(Observation observation, NotifiableDisease.LabTrigger trigger) {
		List<String> positive = trigger.positive().stream().map(v -> v.trim().toUpperCase(Locale.ROOT)).toList();
		Type value = observation.getValue();
		if (value != null && value.isPrimitive() && positive.contains(value.primitiveValue().trim().toUpperCase(Locale.ROOT))) {
			return true;
		}
		if (value instanceof CodeableConcept concept && isPositive(concept, positive)) {
			return true;
		}
		return observation.getInterpretation().stream().anyMatch(i -> isPositive(i, positive));
	}

	private static boolean isPositive(CodeableConcept concept, List<String> positive) {
		if (concept.hasText() && positive.contains(concept.getText().trim().toUpperCase(Locale.ROOT))) {
			return true;
		}
		return concept.getCoding().stream().anyMatch(c ->
				(c.hasCode() && positive.contains(c.getCode().trim().toUpperCase(Locale.ROOT)))
						|| (c.hasDisplay() && positive.contains(c.getDisplay().trim().toUpperCase(Locale.ROOT))));
	}

	/** Upper case without dots and blanks: A15.0, a15.000 and A150 compare alike. */
	static String normal(String code) {
		return code.trim().toUpperCase(Locale.ROOT).replace(".", "").replace(" ", "");
	}
}
