package org.countyhub.server.console.results;

import java.math.BigDecimal;
import java.util.Map;
import org.countyhub.server.console.ResultLabels;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Type;

/**
 * One result value as a row people read: item, value, unit, reference range and the abnormal flag. The flag is the
 * result's own interpretation (v3 ObservationInterpretation); without one, a number outside its range is flagged.
 */
final class Measurements {

	private static final Map<String, String> FLAGS = Map.ofEntries(
			Map.entry("H", "偏高"), Map.entry("HH", "危急偏高"), Map.entry("HU", "显著偏高"),
			Map.entry("L", "偏低"), Map.entry("LL", "危急偏低"), Map.entry("LU", "显著偏低"),
			Map.entry("A", "异常"), Map.entry("AA", "危急异常"), Map.entry("POS", "阳性"), Map.entry("DET", "检出"),
			Map.entry("N", "正常"), Map.entry("NEG", "阴性"), Map.entry("ND", "未检出"));

	/** A row; {@code abnormal} rows are highlighted and say so in words (not only by colour). */
	record Row(String item, String value, String unit, String range, String flag, boolean abnormal) {}

	private Measurements() {}

	static Row of(Observation observation) {
		String value = "";
		String unit = "";
		Type raw = observation.getValue();
		if (raw instanceof Quantity quantity) {
			value = quantity.getValue() == null ? "" : quantity.getValue().toPlainString();
			unit = quantity.hasUnit() ? quantity.getUnit() : quantity.getCode();
		} else if (raw instanceof CodeableConcept concept) {
			value = ResultLabels.item(concept);
		} else if (raw != null && raw.isPrimitive()) {
			value = raw.primitiveValue();
		}
		Observation.ObservationReferenceRangeComponent range =
				observation.hasReferenceRange() ? observation.getReferenceRangeFirstRep() : null;
		String flagCode = observation.getInterpretation().stream().flatMap(c -> c.getCoding().stream())
				.map(Coding::getCode).filter(code -> code != null).findFirst().orElse(outOfRange(raw, range));
		String flag = flagCode == null ? "" : FLAGS.getOrDefault(flagCode, flagCode);
		boolean abnormal = flagCode != null && !"N".equals(flagCode) && !"NEG".equals(flagCode)
				&& !"ND".equals(flagCode);
		return new Row(ResultLabels.item(observation.getCode()), value, unit == null ? "" : unit, range(range), flag,
				abnormal);
	}

	private static String range(Observation.ObservationReferenceRangeComponent range) {
		if (range == null) {
			return "";
		}
		if (range.hasText()) {
			return range.getText();
		}
		String low = range.hasLow() && range.getLow().hasValue() ? range.getLow().getValue().toPlainString() : "";
		String high = range.hasHigh() && range.getHigh().hasValue() ? range.getHigh().getValue().toPlainString() : "";
		if (low.isEmpty() && high.isEmpty()) {
			return "";
		}
		return low.isEmpty() ? "≤" + high : high.isEmpty() ? "≥" + low : low + "–" + high;
	}

	private static String outOfRange(Type raw, Observation.ObservationReferenceRangeComponent range) {
		if (!(raw instanceof Quantity quantity) || quantity.getValue() == null || range == null) {
			return null;
		}
		BigDecimal value = quantity.getValue();
		if (range.hasHigh() && range.getHigh().hasValue() && value.compareTo(range.getHigh().getValue()) > 0) {
			return "H";
		}
		if (range.hasLow() && range.getLow().hasValue() && value.compareTo(range.getLow().getValue()) < 0) {
			return "L";
		}
		return null;
	}
}
