package org.countyhub.feeds.results;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.countyhub.feeds.hl7.Field;
import org.countyhub.feeds.unit.CodeMap;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Ratio;
import org.hl7.fhir.r4.model.SimpleQuantity;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * OBX values that are numbers: NM and SN values, OBX-6 units (UCUM where the unit's table or the hub's defaults
 * know the spelling) and OBX-7 reference ranges in their written forms ({@code 3.5-9.5}, {@code <450},
 * {@code >=5}, {@code 3.5~9.5}).
 */
public final class ResultValues {

	private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+(\\.\\d+)?|[-+]?\\.\\d+");
	private static final Pattern COMPARED = Pattern.compile("\\s*(<=|>=|<|>|≤|≥)\\s*([-+]?\\d*\\.?\\d+)\\s*");
	private static final Pattern RANGE =
			Pattern.compile("\\s*([-+]?\\d*\\.?\\d+)\\s*(?:-|~|－|—|–|至|\\.\\.)\\s*([-+]?\\d*\\.?\\d+)\\s*");

	private ResultValues() {}

	/** The written unit of OBX-6 as a Quantity template (unit text, UCUM code when known); null when empty. */
	public static Quantity unit(Field ce, CodeMap units) {
		String written = ce.component(1).isEmpty() ? ce.component(2) : ce.component(1);
		if (written.isEmpty()) {
			return null;
		}
		Quantity q = new Quantity();
		q.setUnit(written);
		String ucum = null;
		if (ce.component(3).equalsIgnoreCase("UCUM") || ce.component(3).equals("ISO+")) {
			ucum = ce.component(1);
		} else {
			CodeMap.Target target = units.get(written);
			if (target == null && !ce.component(2).isEmpty()) {
				target = units.get(ce.component(2));
			}
			if (target != null) {
				ucum = target.code();
			}
		}
		if (ucum != null && !ucum.isEmpty()) {
			q.setSystem(HubSystems.UCUM).setCode(ucum);
		}
		return q;
	}

	/** NM: a Quantity; a number with a comparator ("<0.1") as a Quantity with comparator; else the text. */
	public static Type numeric(String text, Quantity unit) {
		String t = text.trim();
		if (NUMBER.matcher(t).matches()) {
			return quantity(t, unit);
		}
		Matcher compared = COMPARED.matcher(t);
		if (compared.matches()) {
			Quantity q = quantity(compared.group(2), unit);
			q.setComparator(comparator(compared.group(1)));
			return q;
		}
		return new StringType(text);
	}

	/** SN: comparator^num1^separator^num2 → Quantity (with comparator), Range (-) or Ratio (: /); else text. */
	public static Type structured(Field sn, Quantity unit) {
		String comparator = sn.component(1);
		String num1 = sn.component(2);
		String separator = sn.component(3);
		String num2 = sn.component(4);
		boolean n1 = NUMBER.matcher(num1).matches();
		boolean n2 = NUMBER.matcher(num2).matches();
		if (separator.isEmpty() && num2.isEmpty() && n1) {
			Quantity q = quantity(num1, unit);
			if (!comparator.isEmpty() && !comparator.equals("=")) {
				Quantity.QuantityComparator c = comparator(comparator);
				if (c == null) {
					return new StringType(sn.text());
				}
				q.setComparator(c);
			}
			return q;
		}
		if (comparator.isEmpty() && n1 && n2 && separator.equals("-")) {
			return new Range().setLow(simple(num1, unit)).setHigh(simple(num2, unit));
		}
		if (comparator.isEmpty() && n1 && n2 && (separator.equals(":") || separator.equals("/"))) {
			return new Ratio().setNumerator(new Quantity().setValue(new BigDecimal(num1)))
					.setDenominator(new Quantity().setValue(new BigDecimal(num2)));
		}
		return new StringType(sn.text().replace('^', ' ').trim());
	}

	/** OBX-7 to a reference range; the text as written is always kept. */
	public static Observation.ObservationReferenceRangeComponent range(String text, Quantity unit) {
		Observation.ObservationReferenceRangeComponent range = new Observation.ObservationReferenceRangeComponent();
		range.setText(text);
		Matcher between = RANGE.matcher(text);
		if (between.matches()) {
			range.setLow(simple(between.group(1), unit));
			range.setHigh(simple(between.group(2), unit));
			return range;
		}
		Matcher compared = COMPARED.matcher(text);
		if (compared.matches()) {
			String op = compared.group(1);
			if (op.startsWith("<") || op.equals("≤")) {
				range.setHigh(simple(compared.group(2), unit));
			} else {
				range.setLow(simple(compared.group(2), unit));
			}
		}
		return range;
	}

	private static Quantity quantity(String number, Quantity unit) {
		Quantity q = unit == null ? new Quantity() : unit.copy();
		q.setValue(new BigDecimal(number.startsWith("+") ? number.substring(1) : number));
		return q;
	}

	private static SimpleQuantity simple(String number, Quantity unit) {
		SimpleQuantity q = new SimpleQuantity();
		q.setValue(new BigDecimal(number.startsWith("+") ? number.substring(1) : number));
		if (unit != null) {
			q.setUnit(unit.getUnit()).setSystem(unit.getSystem()).setCode(unit.getCode());
		}
		return q;
	}

	private static Quantity.QuantityComparator comparator(String op) {
		return switch (op) {
			case "<" -> Quantity.QuantityComparator.LESS_THAN;
			case "<=", "≤" -> Quantity.QuantityComparator.LESS_OR_EQUAL;
			case ">" -> Quantity.QuantityComparator.GREATER_THAN;
			case ">=", "≥" -> Quantity.QuantityComparator.GREATER_OR_EQUAL;
			default -> null;
		};
	}
}
