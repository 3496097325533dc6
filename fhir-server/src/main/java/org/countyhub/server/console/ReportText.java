package org.countyhub.server.console;

import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.DiagnosticReport;

/**
 * A report's text as the console writes and shows it: 检查所见 in a plain-text {@code presentedForm}, 诊断意见 the
 * conclusion, a 危急值 the conclusion code {@code AA} (v3 ObservationInterpretation, critical abnormal).
 */
public final class ReportText {

	public static final String FINDINGS_TITLE = "检查所见";
	public static final String INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
	public static final String CRITICAL = "AA";

	private ReportText() {}

	/** 检查所见: the report's first plain-text form, else empty. */
	public static String findings(DiagnosticReport report) {
		return report.getPresentedForm().stream()
				.filter(a -> a.hasData() && a.hasContentType() && a.getContentType().startsWith("text/plain"))
				.map(a -> new String(a.getData(), StandardCharsets.UTF_8)).findFirst().orElse("");
	}

	public static boolean critical(DiagnosticReport report) {
		return report.getConclusionCode().stream().flatMap(c -> c.getCoding().stream())
				.anyMatch(c -> INTERPRETATION.equals(c.getSystem()) && CRITICAL.equals(c.getCode()));
	}
}
