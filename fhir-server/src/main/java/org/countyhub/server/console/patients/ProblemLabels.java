package org.countyhub.server.console.patients;

import java.util.Comparator;
import java.util.Map;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.console.ResultLabels;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;

/** What the 360 view says of a diagnosis (Condition) and an allergy (AllergyIntolerance), in Chinese. */
final class ProblemLabels {

	private static final Map<String, String> VERIFICATION = Map.of("confirmed", "确诊", "provisional", "疑似",
			"differential", "鉴别诊断", "unconfirmed", "待确认", "refuted", "已排除", "entered-in-error", "录入错误");
	private static final Map<String, String> CLINICAL = Map.of("active", "活动", "recurrence", "复发", "relapse", "复发",
			"inactive", "非活动", "remission", "缓解", "resolved", "已痊愈");
	private static final Map<String, String> CATEGORY = Map.of("food", "食物", "medication", "药物",
			"environment", "环境", "biologic", "生物制品");

	private ProblemLabels() {}

	/** 诊断名称（ICD-10 编码）: the unit's text or display, with the code when it is not already shown. */
	static String diagnosis(CodeableConcept code) {
		String name = ResultLabels.item(code);
		// the national edition's code where the unit's was mapped to it: the one every unit reads the same
		String icd = code.getCoding().stream()
				.sorted(Comparator.comparing(c -> HubSystems.ICD10_CN_CLINICAL.equals(c.getSystem()) ? 0 : 1))
				.map(Coding::getCode).filter(c -> c != null && !c.equals(name))
				.findFirst().orElse("");
		return icd.isEmpty() ? name : name + "（" + icd + "）";
	}

	/** 确诊 / 疑似 … and, when not active, the clinical status (已痊愈). */
	static String diagnosisState(Condition condition) {
		String verification = label(VERIFICATION, condition.getVerificationStatus());
		String clinical = label(CLINICAL, condition.getClinicalStatus());
		if (clinical.isEmpty() || "活动".equals(clinical)) {
			return verification;
		}
		return verification.isEmpty() ? clinical : verification + "，" + clinical;
	}

	/** The substance, with its category (药物 / 食物 …) when the sender gave one. */
	static String allergen(AllergyIntolerance allergy) {
		String substance = ResultLabels.item(allergy.getCode());
		String category = allergy.getCategory().stream().map(c -> CATEGORY.getOrDefault(c.getValueAsString(), ""))
				.filter(c -> !c.isEmpty()).findFirst().orElse("");
		return category.isEmpty() ? substance : substance + "（" + category + "）";
	}

	/** 活动 / 已缓解 …, with 高危 for a high criticality. */
	static String allergyState(AllergyIntolerance allergy) {
		String clinical = label(CLINICAL, allergy.getClinicalStatus());
		boolean high = allergy.getCriticality() == AllergyIntolerance.AllergyIntoleranceCriticality.HIGH;
		if (!high) {
			return clinical;
		}
		return clinical.isEmpty() ? "高危" : clinical + "，高危";
	}

	private static String label(Map<String, String> names, CodeableConcept concept) {
		return concept.getCoding().stream().map(Coding::getCode).filter(names::containsKey).map(names::get)
				.findFirst().orElse("");
	}
}
