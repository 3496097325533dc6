package org.countyhub.server.console;

import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.DiagnosticReport;

/**
 * A report's text as the console writes and shows it: 检查所见 in a plain-text {@code presentedForm}, 诊断意见 the
 * conclusion, a 危急值 the conclusion code {@code AA} (v3 ObservationInterpretation, critical abnormal); a revised
 * report also carries 修订说明 as a plain-text form of its own.
 */
public final class ReportText {

	public static final String FINDINGS_TITLE = "检查所见";
	/** A revised report's second plain-text form: why the report changed. */
	public static final String REVISION_TITLE = "修订说明";
	public static final String INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
	public static final String CRITICAL = "AA";

	private ReportText() {}

	/** 检查所见: the report's first plain-text form that is not a 修订说明, else empty. */
	public static String findings(DiagnosticReport report) {
		return text(report, false);
	}

	/** 修订说明 of a revised report, else empty. */
	public static String revision(DiagnosticReport report) {
		return text(report, true);
	}

	private static String text(DiagnosticReport report, boolean revision) {
		return report.getPresentedForm().stream()
				.filter(a -> a.hasData() && a.hasContentType() && a.getContentType().startsWith("text/plain"))
				.filter(a -> REVISION_TITLE.equals(a.getTitle()) == revision)
				.map(a -> new String(a.getData(), StandardCharsets.UTF_8)).findFirst().orElse("");
	}

	public static boolean critical(DiagnosticReport report) {
		return report.getConclusionCode().stream().flatMap(c -> c.getCoding().stream())
				.anyMatch(c -> INTERPRETATION.equals(c.getSystem()) && CRITICAL.equals(c.getCode()));
	}
}
