package org.countyhub.server.prescription;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * The community formulary (社区药品目录) as the screening reads it: drugs with ATC code and dose limits, duplicate
 * therapy classes, interaction pairs and allergy classes. Built once from the county's file ({@link FormularyConfig});
 * every lookup is in memory.
 */
final class Formulary {

	/** Dose limits in mg; null where the formulary gives none. */
	record DoseLimit(Double single, Double daily) {}

	/** @param minAgeYears the drug is contraindicated below this age; null: no age limit */
	record Contraindications(Integer minAgeYears, boolean pregnancy) {
		static final Contraindications NONE = new Contraindications(null, false);
	}

	record Drug(String code, String nationalCode, String name, String generic, String atc, String form,
			String strength, String route, DoseLimit adult, DoseLimit child, Contraindications contraindications) {

		boolean inClass(String atcPrefix) {
			return atc.startsWith(atcPrefix);
		}

		Coding coding() {
			return new Coding(HubSystems.FORMULARY_DRUG, code, name);
		}
	}

	record DuplicateGroup(String id, String name, List<String> atc) {
		boolean contains(Drug drug) {
			return atc.stream().anyMatch(drug::inClass);
		}
	}

	record Interaction(String id, String a, String b, String severity, String effect) {
		boolean between(Drug one, Drug other) {
			return (one.inClass(a) && other.inClass(b)) || (one.inClass(b) && other.inClass(a));
		}
	}

	record AllergyClass(String id, String name, List<String> atc, List<String> allergens) {
		boolean covers(Drug drug) {
			return atc.stream().anyMatch(drug::inClass);
		}

		boolean matches(String substance) {
			String lower = substance.toLowerCase();
			return allergens.stream().anyMatch(a -> lower.contains(a.toLowerCase()));
		}
	}

	private final String version;
	private final int childUnderYears;
	private final int duplicateAtcLevel;
	private final Map<String, Drug> byCode;
	private final Map<String, Drug> byAtc;
	private final Map<String, Drug> byNationalCode;
	private final List<DuplicateGroup> groups;
	private final List<Interaction> interactions;
	private final List<AllergyClass> allergyClasses;

	Formulary(String version, int childUnderYears, int duplicateAtcLevel, Map<String, Drug> byCode,
			Map<String, Drug> byAtc, Map<String, Drug> byNationalCode, List<DuplicateGroup> groups,
			List<Interaction> interactions, List<AllergyClass> allergyClasses) {
		this.version = version;
		this.childUnderYears = childUnderYears;
		this.duplicateAtcLevel = duplicateAtcLevel;
		this.byCode = Map.copyOf(byCode);
		this.byAtc = Map.copyOf(byAtc);
		this.byNationalCode = Map.copyOf(byNationalCode);
		this.groups = List.copyOf(groups);
		this.interactions = List.copyOf(interactions);
		this.allergyClasses = List.copyOf(allergyClasses);
	}

	String version() {
		return version;
	}

	int childUnderYears() {
		return childUnderYears;
	}

	List<Drug> drugs() {
		return List.copyOf(byCode.values());
	}

	Optional<Drug> drug(String code) {
		return Optional.ofNullable(byCode.get(code));
	}

	/** The drug a medication concept names: by formulary code, else national code, else ATC (the first drug). */
	Optional<Drug> drug(CodeableConcept medication) {
		if (medication == null) {
			return Optional.empty();
		}
		for (Coding coding : medication.getCoding()) {
			if (HubSystems.FORMULARY_DRUG.equals(coding.getSystem()) && byCode.containsKey(coding.getCode())) {
				return Optional.of(byCode.get(coding.getCode()));
			}
		}
		for (Coding coding : medication.getCoding()) {
			if (coding.hasCode() && byNationalCode.containsKey(coding.getCode())) {
				return Optional.of(byNationalCode.get(coding.getCode()));
			}
			if (HubSystems.ATC.equals(coding.getSystem()) && byAtc.containsKey(coding.getCode())) {
				return Optional.of(byAtc.get(coding.getCode()));
			}
		}
		return Optional.empty();
	}

	/** Why two drugs are duplicate therapy (the same substance, ATC subgroup or class), if they are. */
	Optional<String> duplicate(Drug one, Drug other) {
		if (one.atc().equals(other.atc())) {
			return Optional.of("same:" + one.atc());
		}
		int length = atcLength(duplicateAtcLevel);
		if (one.atc().length() >= length && other.atc().length() >= length
				&& one.atc().substring(0, length).equals(other.atc().substring(0, length))) {
			return Optional.of("atc:" + one.atc().substring(0, length));
		}
		return groups.stream().filter(g -> g.contains(one) && g.contains(other)).findFirst()
				.map(g -> "group:" + g.id());
	}

	Optional<DuplicateGroup> group(String id) {
		return groups.stream().filter(g -> g.id().equals(id)).findFirst();
	}

	List<Interaction> interactions(Drug one, Drug other) {
		List<Interaction> found = new ArrayList<>();
		for (Interaction interaction : interactions) {
			if (interaction.between(one, other)) {
				found.add(interaction);
			}
		}
		return found;
	}

	List<AllergyClass> allergyClasses() {
		return allergyClasses;
	}

	/** Characters of an ATC code at a level: 1 → 1, 2 → 3, 3 → 4, 4 → 5, 5 → 7. */
	static int atcLength(int level) {
		return switch (level) {
			case 1 -> 1;
			case 2 -> 3;
			case 3 -> 4;
			case 4 -> 5;
			case 5 -> 7;
			default -> throw new IllegalArgumentException("ATC level must be 1 to 5, was " + level);
		};
	}
}
