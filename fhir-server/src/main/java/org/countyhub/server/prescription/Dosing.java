package org.countyhub.server.prescription;

import java.util.Locale;
import java.util.Map;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Timing;

/**
 * The single dose and daily total (mg) an order's first dosage instruction gives: the dose quantity in g, mg, µg;
 * the times per day from the timing's repeat (frequency per period) or its code (QD, BID, TID, QID, Q6H, Q8H, Q12H,
 * QOD, QN). Null where the order does not say.
 */
record Dosing(Double singleMg, Double dailyMg) {

	static final Dosing UNKNOWN = new Dosing(null, null);

	private static final Map<String, Double> FACTOR_TO_MG = Map.of("mg", 1.0, "g", 1000.0, "ug", 0.001,
			"µg", 0.001, "μg", 0.001, "mcg", 0.001);

	private static final Map<String, Double> TIMES_PER_DAY = Map.ofEntries(Map.entry("QD", 1.0),
			Map.entry("QN", 1.0), Map.entry("QAM", 1.0), Map.entry("QPM", 1.0), Map.entry("BID", 2.0),
			Map.entry("TID", 3.0), Map.entry("QID", 4.0), Map.entry("Q4H", 6.0), Map.entry("Q6H", 4.0),
			Map.entry("Q8H", 3.0), Map.entry("Q12H", 2.0), Map.entry("QOD", 0.5));

	static Dosing of(MedicationRequest order) {
		if (!order.hasDosageInstruction()) {
			return UNKNOWN;
		}
		Dosage dosage = order.getDosageInstructionFirstRep();
		if (!dosage.hasDoseAndRate() || !dosage.getDoseAndRateFirstRep().hasDoseQuantity()) {
			return UNKNOWN;
		}
		Quantity dose = dosage.getDoseAndRateFirstRep().getDoseQuantity();
		String unit = dose.hasCode() ? dose.getCode() : dose.getUnit();
		Double factor = unit == null ? null : FACTOR_TO_MG.get(unit.trim().toLowerCase(Locale.ROOT));
		if (factor == null || !dose.hasValue()) {
			return UNKNOWN;
		}
		double single = dose.getValue().doubleValue() * factor;
		Double perDay = timesPerDay(dosage.getTiming());
		return new Dosing(single, perDay == null ? null : single * perDay);
	}

	static Double timesPerDay(Timing timing) {
		if (timing == null || timing.isEmpty()) {
			return null;
		}
		Timing.TimingRepeatComponent repeat = timing.getRepeat();
		if (repeat.hasFrequency() && repeat.hasPeriod() && repeat.hasPeriodUnit()) {
			double days = switch (repeat.getPeriodUnit()) {
				case S -> 1.0 / 86_400;
				case MIN -> 1.0 / 1_440;
				case H -> 1.0 / 24;
				case D -> 1.0;
				case WK -> 7.0;
				case MO -> 30.0;
				case A -> 365.0;
				default -> Double.NaN;
			};
			double period = repeat.getPeriod().doubleValue() * days;
			return Double.isNaN(period) || period <= 0 ? null : repeat.getFrequency() / period;
		}
		return timing.getCode().getCoding().stream()
				.map(c -> TIMES_PER_DAY.get(c.getCode() == null ? "" : c.getCode().toUpperCase(Locale.ROOT)))
				.filter(java.util.Objects::nonNull)
				.findFirst()
				.orElse(null);
	}
}
