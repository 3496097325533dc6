package org.countyhub.server.console;

import java.util.Map;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;

/** A recorded 互认决定 (the hub's {@code recognition-decision} Observation) in a line people read. */
public final class DecisionLabels {

	/** The statutory reasons (国卫医发〔2022〕6号) in a few words, for a timeline row. */
	private static final Map<String, String> REASONS = Map.of(
			"condition-changed", "病情变化", "fast-changing", "结果变化较快", "major-treatment", "重大医疗措施前",
			"emergency", "急诊急救", "appraisal", "司法、伤残或病退鉴定", "other", "其他情形");

	private DecisionLabels() {}

	public static boolean isDecision(Observation observation) {
		return observation.getCode().getCoding().stream().anyMatch(c -> HubSystems.OBSERVATION_CODE.equals(c.getSystem())
				&& "recognition-decision".equals(c.getCode()));
	}

	/** e.g. 不予互认：葡萄糖（病情变化：患者今晨出现低血糖症状）. */
	public static String of(Observation decision) {
		boolean recognised = decision.getValue() instanceof CodeableConcept value && value.getCoding().stream()
				.anyMatch(c -> "recognised".equals(c.getCode()));
		StringBuilder line = new StringBuilder(recognised ? "予以互认" : "不予互认");
		CodeableConcept item = component(decision, "catalogue-item");
		if (item != null) {
			line.append("：").append(ResultLabels.item(item));
		}
		CodeableConcept reason = component(decision, "non-recognition-reason");
		if (reason != null) {
			String code = reason.getCoding().stream().map(Coding::getCode).findFirst().orElse("");
			line.append("（").append(REASONS.getOrDefault(code, code));
			if (reason.hasText()) {
				line.append("：").append(reason.getText());
			}
			line.append("）");
		}
		return line.toString();
	}

	private static CodeableConcept component(Observation decision, String code) {
		return decision.getComponent().stream()
				.filter(c -> c.getCode().getCoding().stream().anyMatch(k -> code.equals(k.getCode())))
				.filter(c -> c.getValue() instanceof CodeableConcept)
				.map(c -> (CodeableConcept) c.getValue()).findFirst().orElse(null);
	}
}
