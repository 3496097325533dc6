package org.countyhub.server.prescription;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The screening itself (自动审方), in memory: one order against the person's other active orders (at any unit),
 * allergies, age and pregnancy, by the formulary's rules. No store access here; {@link PersonMedications} gathers
 * the person's records and {@link PrescriptionScreening} joins the two.
 */
final class ScreeningRules {

	/**
	 * An order as screened.
	 *
	 * @param reference    {@code MedicationRequest/123}; null for a draft not stored (CDS Hooks)
	 * @param unitName     the prescribing unit's name
	 * @param prescription the prescription (group) it belongs to, or null
	 */
	record Order(String reference, Formulary.Drug drug, Dosing dosing, String unitName, String prescription) {}

	/** An active allergy: the AllergyIntolerance and its substance as text (code, display and text joined). */
	record Allergy(String reference, String substance) {}

	/** What is known of the person across units. {@code ageYears} is null when the birth date is unknown. */
	record Person(Integer ageYears, boolean pregnant, List<Allergy> allergies, List<Order> activeOrders) {}

	private final Formulary formulary;

	ScreeningRules(Formulary formulary) {
		this.formulary = formulary;
	}

	List<ScreeningHit> screen(Order order, Person person) {
		List<ScreeningHit> hits = new ArrayList<>();
		Formulary.Drug drug = order.drug();
		dose(order, person, hits);
		for (Order other : person.activeOrders()) {
			if (order.reference() != null && order.reference().equals(other.reference())) {
				continue;
			}
			Formulary.Drug otherDrug = other.drug();
			String where = (other.unitName() == null ? "" : other.unitName()) + "处方“" + otherDrug.name() + "”"
					+ (other.reference() == null ? "" : "（" + other.reference() + "）");
			formulary.duplicate(drug, otherDrug).ifPresent(why -> hits.add(new ScreeningHit(
					ScreeningHit.Kind.DUPLICATE, "moderate", "duplicate/" + why,
					"重复用药：" + drug.name() + "与" + where + duplicateText(why), other.reference(),
					other.unitName(), null)));
			for (Formulary.Interaction interaction : formulary.interactions(drug, otherDrug)) {
				hits.add(new ScreeningHit(ScreeningHit.Kind.INTERACTION, interaction.severity(),
						"interaction/" + interaction.id(), "相互作用：" + drug.name() + "与" + where + "，"
								+ interaction.effect(), other.reference(), other.unitName(), null));
			}
		}
		for (Allergy allergy : person.allergies()) {
			allergyClass(drug, allergy).ifPresent(rule -> hits.add(new ScreeningHit(ScreeningHit.Kind.ALLERGY, "high",
					"allergy/" + rule, "过敏：患者有“" + allergy.substance() + "”过敏史，" + drug.name()
							+ (rule.equals(drug.code()) ? "" : "属同类药物（" + className(rule) + "）"), null, null,
					allergy.reference())));
		}
		Formulary.Contraindications contra = drug.contraindications();
		if (contra.minAgeYears() != null && person.ageYears() != null && person.ageYears() < contra.minAgeYears()) {
			hits.add(new ScreeningHit(ScreeningHit.Kind.AGE, "high", "age/" + drug.code(), "年龄禁忌：" + drug.name()
					+ "禁用于" + contra.minAgeYears() + "岁以下患者（患者" + person.ageYears() + "岁）", null, null, null));
		}
		if (contra.pregnancy() && person.pregnant()) {
			hits.add(new ScreeningHit(ScreeningHit.Kind.PREGNANCY, "high", "pregnancy/" + drug.code(),
					"妊娠禁忌：" + drug.name() + "孕妇禁用，患者有妊娠诊断", null, null, null));
		}
		return hits;
	}

	private void dose(Order order, Person person, List<ScreeningHit> hits) {
		Formulary.Drug drug = order.drug();
		boolean child = person.ageYears() != null && person.ageYears() < formulary.childUnderYears();
		Formulary.DoseLimit limit = child && drug.child() != null ? drug.child() : drug.adult();
		if (limit == null) {
			return;
		}
		ScreeningHit.Kind kind = child ? ScreeningHit.Kind.CHILD_DOSE : ScreeningHit.Kind.DOSE;
		String who = child ? "儿童（" + person.ageYears() + "岁）" : "成人";
		Dosing dosing = order.dosing();
		if (dosing.singleMg() != null && limit.single() != null && dosing.singleMg() > limit.single() + 1e-9) {
			hits.add(new ScreeningHit(kind, "high", "dose/" + drug.code() + (child ? "/child" : "/adult") + "/single",
					"剂量超限：" + drug.name() + "单次" + mg(dosing.singleMg()) + "，超过" + who + "单次上限"
							+ mg(limit.single()), null, null, null));
		}
		if (dosing.dailyMg() != null && limit.daily() != null && dosing.dailyMg() > limit.daily() + 1e-9) {
			hits.add(new ScreeningHit(kind, "high", "dose/" + drug.code() + (child ? "/child" : "/adult") + "/daily",
					"剂量超限：" + drug.name() + "日剂量" + mg(dosing.dailyMg()) + "，超过" + who + "日剂量上限"
							+ mg(limit.daily()), null, null, null));
		}
	}

	/** The allergy class (or the drug itself, by its generic name) this allergy makes the drug a hit of. */
	private Optional<String> allergyClass(Formulary.Drug drug, Allergy allergy) {
		if (allergy.substance().contains(drug.generic())) {
			return Optional.of(drug.code());
		}
		return formulary.allergyClasses().stream()
				.filter(c -> c.covers(drug) && c.matches(allergy.substance()))
				.map(Formulary.AllergyClass::id)
				.findFirst();
	}

	private String className(String allergyClass) {
		return formulary.allergyClasses().stream().filter(c -> c.id().equals(allergyClass))
				.map(Formulary.AllergyClass::name).findFirst().orElse(allergyClass);
	}

	private String duplicateText(String why) {
		if (why.startsWith("same:")) {
			return "为同一药物";
		}
		if (why.startsWith("atc:")) {
			return "同属ATC " + why.substring(4) + "类";
		}
		String group = why.substring("group:".length());
		return "同属" + formulary.group(group).map(Formulary.DuplicateGroup::name).orElse(group);
	}

	private static String mg(double value) {
		return (value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value)) + "mg";
	}
}
