package org.countyhub.server.console;

import java.util.Map;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;

/** The Chinese words for kinds of results, their states and their item names. */
public final class ResultLabels {

	private static final Map<String, String> REPORT_KINDS = Map.of("LAB", "检验", "RAD", "检查", "EC", "心电",
			"CT", "检查", "US", "检查", "PAT", "病理", "SP", "病理");
	private static final Map<String, String> VISIT_KINDS = Map.of("AMB", "门诊", "IMP", "住院", "EMER", "急诊",
			"ACUTE", "住院", "HH", "家庭病床", "VR", "远程");
	private static final Map<String, String> STATES = Map.ofEntries(
			Map.entry("registered", "已登记"), Map.entry("partial", "部分结果"), Map.entry("preliminary", "初步结果"),
			Map.entry("final", "已审核"), Map.entry("amended", "已修改"), Map.entry("corrected", "已更正"),
			Map.entry("appended", "已补充"), Map.entry("cancelled", "已取消"), Map.entry("entered-in-error", "录入错误"),
			Map.entry("planned", "计划中"), Map.entry("arrived", "已到诊"), Map.entry("in-progress", "进行中"),
			Map.entry("finished", "已结束"), Map.entry("active", "进行中"), Map.entry("completed", "已完成"),
			Map.entry("revoked", "已撤销"), Map.entry("draft", "草稿"), Map.entry("available", "可查看"));

	private ResultLabels() {}

	public static String reportKind(DiagnosticReport report) {
		for (CodeableConcept category : report.getCategory()) {
			for (Coding coding : category.getCoding()) {
				String kind = REPORT_KINDS.get(coding.getCode());
				if (kind != null) {
					return kind;
				}
			}
		}
		return "报告";
	}

	public static String observationKind(Observation observation) {
		boolean ecg = observation.getCategory().stream().flatMap(c -> c.getCoding().stream())
				.anyMatch(c -> "EC".equals(c.getCode()) || "procedure".equals(c.getCode()));
		return ecg ? "心电" : "检验";
	}

	public static String visitKind(Encounter encounter) {
		return VISIT_KINDS.getOrDefault(encounter.getClass_().getCode(), "就诊");
	}

	public static String state(String code) {
		return code == null ? "" : STATES.getOrDefault(code, code);
	}

	/** An item's name: the text, else the first display, else the first code. */
	public static String item(CodeableConcept concept) {
		if (concept == null) {
			return "";
		}
		if (concept.hasText()) {
			return concept.getText();
		}
		return concept.getCoding().stream().filter(Coding::hasDisplay).map(Coding::getDisplay).findFirst()
				.orElse(concept.getCoding().stream().map(Coding::getCode).filter(c -> c != null).findFirst().orElse(""));
	}
}
