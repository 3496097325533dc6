package org.countyhub.feeds.hl7;

/**
 * One repetition of a field as sent, with its components read on demand (decoded, 1-based like the HL7 spec).
 * Datatype translators (XPN, CX, CWE ...) read what they need from it.
 */
public final class Field {

	static final Field EMPTY = new Field("", Delimiters.STANDARD);

	private final String raw;
	private final Delimiters d;

	Field(String raw, Delimiters d) {
		this.raw = raw;
		this.d = d;
	}

	public boolean isEmpty() {
		return raw.isEmpty() || raw.equals("\"\"");
	}

	/** The whole repetition decoded, delimiters inside it kept as they are (ST/TX/FT values). */
	public String text() {
		return isEmpty() ? "" : Hl7Escapes.decode(raw, d);
	}

	/** Component {@code c} (1-based), its first subcomponent, decoded; "" when absent. */
	public String component(int c) {
		return sub(c, 1);
	}

	/** Subcomponent {@code s} of component {@code c} (both 1-based), decoded; "" when absent. */
	public String sub(int c, int s) {
		String comp = piece(raw, d.component(), c);
		String value = piece(comp, d.subcomponent(), s);
		return value.equals("\"\"") ? "" : Hl7Escapes.decode(value, d);
	}

	/** Component {@code c} with its subcomponents, decoded but not split (for HD, CWE inside another type). */
	public Field componentAsField(int c) {
		String comp = piece(raw, d.component(), c);
		return new Field(comp.replace(d.subcomponent(), d.component()), d);
	}

	public int componentCount() {
		if (raw.isEmpty()) {
			return 0;
		}
		int count = 1;
		for (int i = 0; i < raw.length(); i++) {
			if (raw.charAt(i) == d.component()) {
				count++;
			}
		}
		return count;
	}

	String raw() {
		return raw;
	}

	static String piece(String s, char sep, int index) {
		int start = 0;
		for (int k = 1; k < index; k++) {
			int next = s.indexOf(sep, start);
			if (next < 0) {
				return "";
			}
			start = next + 1;
		}
		int end = s.indexOf(sep, start);
		return end < 0 ? s.substring(start) : s.substring(start, end);
	}

	@Override
	public String toString() {
		return raw;
	}
}
