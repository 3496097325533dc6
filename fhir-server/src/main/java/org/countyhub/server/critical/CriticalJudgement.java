package org.countyhub.server.critical;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;

/**
 * Whether a result is critical, and why: the lab flagged it (v2 OBX-8 LL / HH / AA, stored as the interpretation) or
 * the county's table says so (a value outside its item's critical limits, a listed finding). Both are kept apart.
 * Judging is in memory, so it costs nothing measurable on the results that are not critical.
 *
 * @param what      the item or finding, as the table (or else the result) names it
 * @param valueText the value as notified, e.g. {@code 6.9 mmol/L}
 * @param value     the numeric value a read-back must repeat; null for a coded finding
 */
record CriticalJudgement(boolean labFlag, boolean countyTable, String what, String valueText, BigDecimal value,
		String limitText) {

	static final String INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
	static final String V2_FLAGS = "http://terminology.hl7.org/CodeSystem/v2-0078";
	private static final Set<String> CRITICAL_FLAGS = Set.of("LL", "HH", "AA");
	private static final Set<Observation.ObservationStatus> RESULTED = EnumSet.of(Observation.ObservationStatus.FINAL,
			Observation.ObservationStatus.AMENDED, Observation.ObservationStatus.CORRECTED);
	private static final Set<DiagnosticReport.DiagnosticReportStatus> REPORTED = EnumSet.of(
			DiagnosticReport.DiagnosticReportStatus.FINAL, DiagnosticReport.DiagnosticReportStatus.AMENDED,
			DiagnosticReport.DiagnosticReportStatus.CORRECTED, DiagnosticReport.DiagnosticReportStatus.APPENDED);

	static boolean resulted(Observation observation) {
		return RESULTED.contains(observation.getStatus());
	}

	static boolean reported(DiagnosticReport report) {
		return REPORTED.contains(report.getStatus());
	}

	static Optional<CriticalJudgement> of(Observation observation, CriticalValueTable table) {
		if (!resulted(observation)) {
			return Optional.empty();
		}
		boolean flagged = observation.getInterpretation().stream().anyMatch(CriticalJudgement::criticalFlag);
		Optional<CriticalValueTable.LabItem> item = table.item(observation.getCode());
		boolean byTable = false;
		String limit = null;
		BigDecimal value = null;
		String valueText;
		String what = item.map(CriticalValueTable.LabItem::name).orElse(null);
		if (observation.hasValueQuantity() && observation.getValueQuantity().hasValue()) {
			Quantity quantity = observation.getValueQuantity();
			value = quantity.getValue();
			String unit = quantity.hasUnit() ? quantity.getUnit() : quantity.getCode();
			valueText = value.toPlainString() + (unit == null || unit.isBlank() ? "" : " " + unit);
			if (item.isPresent() && sameUnit(item.get().unit(), quantity)) {
				CriticalValueTable.LabItem i = item.get();
				if (i.low() != null && value.compareTo(i.low()) < 0) {
					byTable = true;
					limit = "危急值下限 " + i.low().toPlainString();
				} else if (i.high() != null && value.compareTo(i.high()) > 0) {
					byTable = true;
					limit = "危急值上限 " + i.high().toPlainString();
				}
			}
		} else if (observation.hasValueCodeableConcept()) {
			Optional<CriticalValueTable.Finding> finding = table.finding(observation.getValueCodeableConcept());
			byTable = finding.isPresent();
			if (finding.isPresent()) {
				what = finding.get().name();
			}
			valueText = text(observation.getValueCodeableConcept());
		} else {
			valueText = observation.hasValue() ? observation.getValue().primitiveValue() : null;
		}
		if (!flagged && !byTable) {
			return Optional.empty();
		}
		if (what == null) {
			what = text(observation.getCode());
		}
		return Optional.of(new CriticalJudgement(flagged, byTable, what, valueText, value, limit));
	}

	/** A report's coded conclusion (imaging, ECG) that the table lists as a critical finding. */
	static Optional<CriticalJudgement> of(DiagnosticReport report, CriticalValueTable table) {
		if (!reported(report)) {
			return Optional.empty();
		}
		for (CodeableConcept conclusion : report.getConclusionCode()) {
			Optional<CriticalValueTable.Finding> finding = table.finding(conclusion);
			if (finding.isPresent()) {
				return Optional.of(new CriticalJudgement(false, true, finding.get().name(), text(conclusion), null, null));
			}
		}
		return Optional.empty();
	}

	private static boolean criticalFlag(CodeableConcept interpretation) {
		for (Coding coding : interpretation.getCoding()) {
			if ((INTERPRETATION.equals(coding.getSystem()) || V2_FLAGS.equals(coding.getSystem()))
					&& CRITICAL_FLAGS.contains(coding.getCode())) {
				return true;
			}
		}
		return !interpretation.hasCoding() && interpretation.hasText()
				&& CRITICAL_FLAGS.contains(interpretation.getText().trim());
	}

	/** A table item without a unit compares any value; otherwise the result's UCUM code or unit text must match. */
	private static boolean sameUnit(String unit, Quantity quantity) {
		return unit == null || unit.equals(quantity.getCode()) || unit.equals(quantity.getUnit());
	}

	static String text(CodeableConcept concept) {
		if (concept.hasText()) {
			return concept.getText();
		}
		return concept.getCoding().stream().map(c -> c.hasDisplay() ? c.getDisplay() : c.getCode())
				.filter(s -> s != null && !s.isBlank()).findFirst().orElse("");
	}

	/** How the result reads in the notification: {@code 血钾 6.9 mmol/L（危急值上限 6.2）}. */
	String notification() {
		return what + " " + (valueText == null ? "" : valueText) + (limitText == null ? "" : "（" + limitText + "）");
	}
}
