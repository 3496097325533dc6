package org.countyhub.feeds.results;

import org.countyhub.feeds.fhir.Concepts;
import org.countyhub.feeds.fhir.FeedContext;
import org.countyhub.feeds.fhir.Hl7Times;
import org.countyhub.feeds.hl7.Field;
import org.countyhub.feeds.hl7.Segment;
import org.countyhub.feeds.unit.CodeMap;
import org.countyhub.feeds.unit.UnitTables;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.TimeType;
import org.hl7.fhir.r4.model.Type;

/**
 * OBX to Observation for every value type labs send: NM, SN, ST, TX, FT, CE/CWE, DT/TS/DTM, TM (ED and RP are
 * documents and pointers, handled by the report). OBX-3 keeps the unit's local code with its LOINC mapping
 * beside it; OBX-8 flags become interpretations; OBX-11 the status.
 */
public final class ObservationTranslator {

	private ObservationTranslator() {}

	public static Observation translate(ResultGroup.Result result, ResultGroup group, FeedContext ctx) {
		Segment obx = result.obx();
		UnitTables tables = ctx.unit().tables();
		Observation observation = new Observation();
		observation.setCode(Concepts.of(obx.field(3), ctx.localCodes(), tables.itemCodes()));
		observation.setStatus(status(obx.value(11)));
		Quantity unit = ResultValues.unit(obx.field(6), tables.units());
		Type value = value(obx, unit, ctx);
		if (value != null && !value.isEmpty()) {
			observation.setValue(value);
		} else if (observation.getStatus() != Observation.ObservationStatus.CANCELLED) {
			observation.setDataAbsentReason(new CodeableConcept().addCoding(new Coding(
					"http://terminology.hl7.org/CodeSystem/data-absent-reason", "unknown", "Unknown")));
		}
		String range = obx.field(7).text();
		if (!range.isBlank()) {
			observation.addReferenceRange(ResultValues.range(range, unit));
		}
		for (Field flag : obx.repetitions(8)) {
			observation.addInterpretation(interpretation(flag.component(1), tables.flags()));
		}
		DateTimeType effective = Hl7Times.dateTime(obx.value(14));
		if (effective == null) {
			effective = Hl7Times.dateTime(group.obr().value(7));
		}
		if (effective != null) {
			observation.setEffective(effective);
		}
		for (Segment nte : result.notes()) {
			String text = nte.field(3).text();
			if (!text.isBlank()) {
				observation.addNote().setText(text);
			}
		}
		return observation;
	}

	static Type value(Segment obx, Quantity unit, FeedContext ctx) {
		Field first = obx.field(5);
		if (first.isEmpty()) {
			return null;
		}
		return switch (obx.value(2)) {
			case "NM" -> ResultValues.numeric(first.text(), unit);
			case "SN" -> ResultValues.structured(first, unit);
			case "CE", "CWE", "CNE", "CF" -> Concepts.of(first, ctx.localCodes(), ctx.unit().tables().itemCodes());
			case "DT", "TS", "DTM" -> {
				DateTimeType dt = Hl7Times.dateTime(first.component(1));
				yield dt == null ? new StringType(first.text()) : dt;
			}
			case "TM" -> new TimeType(time(first.component(1)));
			default -> new StringType(text(obx));
		};
	}

	/** ST/TX/FT: every repetition of OBX-5 is a line; {@code \.br\} escapes are already line breaks. */
	public static String text(Segment obx) {
		StringBuilder text = new StringBuilder();
		for (Field rep : obx.repetitions(5)) {
			if (text.length() > 0) {
				text.append('\n');
			}
			text.append(rep.text());
		}
		return text.toString();
	}

	private static String time(String hhmmss) {
		String t = hhmmss.replaceAll("[^0-9]", "");
		String hh = t.length() >= 2 ? t.substring(0, 2) : "00";
		String mm = t.length() >= 4 ? t.substring(2, 4) : "00";
		String ss = t.length() >= 6 ? t.substring(4, 6) : "00";
		return hh + ":" + mm + ":" + ss;
	}

	private static CodeableConcept interpretation(String flag, CodeMap flags) {
		CodeableConcept concept = new CodeableConcept();
		CodeMap.Target target = flags.get(flag);
		if (target != null) {
			concept.addCoding(new Coding(target.system(), target.code(), target.display()));
		}
		concept.setText(flag);
		return concept;
	}

	/** OBX-11 (HL7 table 0085). */
	static Observation.ObservationStatus status(String code) {
		return switch (code) {
			case "P", "R", "S" -> Observation.ObservationStatus.PRELIMINARY;
			case "C" -> Observation.ObservationStatus.CORRECTED;
			case "X" -> Observation.ObservationStatus.CANCELLED;
			case "D", "W" -> Observation.ObservationStatus.ENTEREDINERROR;
			case "I", "O" -> Observation.ObservationStatus.REGISTERED;
			case "A" -> Observation.ObservationStatus.AMENDED;
			default -> Observation.ObservationStatus.FINAL;
		};
	}
}
