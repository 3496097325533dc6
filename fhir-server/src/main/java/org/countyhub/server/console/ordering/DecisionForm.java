package org.countyhub.server.console.ordering;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The clinician's answer to a card (互认 / 不互认): the item ordered, the prior result decided on
 * ({@code DiagnosticReport/1}), the decision, the statutory reason (required for 不予互认), its text (required for
 * 其他情形) and whether the patient was told. Bound from the form's fields.
 */
record DecisionForm(String item, String result, String decision, String reason, String reasonText,
		Boolean informed) {

	DecisionForm {
		item = trim(item);
		result = trim(result);
		decision = trim(decision);
		reason = trim(reason);
		reasonText = trim(reasonText);
	}

	boolean recognised() {
		return "recognised".equals(decision);
	}

	/** What is wrong, by field, in Chinese; empty when the decision can be recorded. */
	Map<String, String> problems() {
		Map<String, String> problems = new LinkedHashMap<>();
		if (!"recognised".equals(decision) && !"not-recognised".equals(decision)) {
			problems.put("decision", "请选择予以互认或不予互认");
		}
		if ("not-recognised".equals(decision) && reason.isEmpty()) {
			problems.put("reason", "不予互认须选择理由");
		}
		if ("not-recognised".equals(decision) && "other".equals(reason) && reasonText.isEmpty()) {
			problems.put("reasonText", "选择“其他情形”时须填写具体理由");
		}
		if (reasonText.length() > 200) {
			problems.put("reasonText", "理由不超过200字");
		}
		if ("not-recognised".equals(decision) && !Boolean.TRUE.equals(informed)) {
			problems.put("informed", "不予互认须先告知患者并勾选确认");
		}
		return problems;
	}

	private static String trim(String value) {
		return value == null ? "" : value.strip();
	}
}
