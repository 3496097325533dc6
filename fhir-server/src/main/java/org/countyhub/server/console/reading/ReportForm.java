package org.countyhub.server.console.reading;

import java.util.LinkedHashMap;
import java.util.Map;

/** The reading report as typed: 检查所见, 诊断意见 and the 危急值 flag. Bound from the form's fields. */
record ReportForm(String findings, String impression, Boolean critical) {

	static final int MAX = 4000;

	ReportForm {
		findings = findings == null ? "" : findings.strip();
		impression = impression == null ? "" : impression.strip();
	}

	static ReportForm empty() {
		return new ReportForm("", "", null);
	}

	public boolean isCritical() {
		return Boolean.TRUE.equals(critical);
	}

	/** What is wrong, by field, in Chinese; empty when the report can be submitted. */
	Map<String, String> problems() {
		Map<String, String> problems = new LinkedHashMap<>();
		if (findings.isEmpty()) {
			problems.put("findings", "请填写检查所见");
		} else if (findings.length() > MAX) {
			problems.put("findings", "检查所见不超过" + MAX + "字");
		}
		if (impression.isEmpty()) {
			problems.put("impression", "请填写诊断意见");
		} else if (impression.length() > MAX) {
			problems.put("impression", "诊断意见不超过" + MAX + "字");
		}
		return problems;
	}
}
