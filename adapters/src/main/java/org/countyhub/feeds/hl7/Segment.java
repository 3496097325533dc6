package org.countyhub.feeds.hl7;

import java.util.ArrayList;
import java.util.List;

/**
 * One segment; {@code field(n)} is field n as the HL7 spec numbers it (for MSH, MSH-1 is the field separator).
 * Fields beyond what was sent are empty, so translators read optional fields without checks.
 */
public final class Segment {

	private final String name;
	private final String[] fields;
	private final Delimiters d;

	Segment(String name, String[] fields, Delimiters d) {
		this.name = name;
		this.fields = fields;
		this.d = d;
	}

	public String name() {
		return name;
	}

	/** The first repetition of field n. */
	public Field field(int n) {
		return field(n, 1);
	}

	/** Repetition {@code rep} (1-based) of field n. */
	public Field field(int n, int rep) {
		String raw = rawField(n);
		if (name.equals("MSH") && n <= 2) {
			return raw.isEmpty() ? Field.EMPTY : literal(raw);
		}
		String one = Field.piece(raw, d.repetition(), rep);
		return one.isEmpty() ? Field.EMPTY : new Field(one, d);
	}

	/** Every non-empty repetition of field n. */
	public List<Field> repetitions(int n) {
		String raw = rawField(n);
		if (raw.isEmpty()) {
			return List.of();
		}
		List<Field> result = new ArrayList<>(2);
		int start = 0;
		while (true) {
			int end = raw.indexOf(d.repetition(), start);
			String one = end < 0 ? raw.substring(start) : raw.substring(start, end);
			if (!one.isEmpty()) {
				result.add(new Field(one, d));
			}
			if (end < 0) {
				return result;
			}
			start = end + 1;
		}
	}

	/**
	 * Field n was sent as {@code ""}: HL7 v2's explicit null, "delete what you hold" (an absent or empty field
	 * means "no information").
	 */
	public boolean isNull(int n) {
		return rawField(n).equals("\"\"");
	}

	/** Shorthand: field n, component c, decoded. */
	public String value(int n, int c) {
		return field(n).component(c);
	}

	/** Shorthand: field n, first component, decoded. */
	public String value(int n) {
		return field(n).component(1);
	}

	public int fieldCount() {
		return fields.length - 1;
	}

	private String rawField(int n) {
		return n < fields.length ? fields[n] : "";
	}

	private Field literal(String raw) {
		// MSH-1 and MSH-2 are the delimiters themselves, never escaped or split
		return new Field(raw, new Delimiters('\u0000', '\u0001', '\u0002', '\u0003', '\u0004'));
	}

	@Override
	public String toString() {
		return name;
	}
}
