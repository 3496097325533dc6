package org.countyhub.server.console.reading;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reading report as typed: 检查所见, 诊断意见, the 危急值 flag and, for a revised report, 修订说明 (why it
 * changed — the requesting unit reads it beside the new text). Bound from the form's fields.
 */
record ReportForm(String findings, String impression, Boolean critical, String revision) {

	static final int MAX = 4000;

	ReportForm {
		findings = findings == null ? "" : findings.strip();
		impression = impression == null ? "" : impression.strip();
		revision = revision == null ? "" : revision.strip();
	}

	ReportForm(String findings, String impression, Boolean critical) {
		this(findings, impression, critical, "");
	}

	static ReportForm empty() {
		return new ReportForm("", "", null);
	}

	public boolean isCritical() {
		return Boolean.TRUE.equals(critical);
	}

	/** What is wrong with a revised report: the report's problems, and a revision needs its reason. */
	Map<String, String> revisionProblems() {
		Map<String, String> problems = problems();
		if (revision.isEmpty()) {
			problems.put("revision", "请填写修订说明（为何修改报告）");
		} else if (revision.length() > MAX) {
			problems.put("revision", "修订说明不超过" + MAX + "字");
		}
		return problems;
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
