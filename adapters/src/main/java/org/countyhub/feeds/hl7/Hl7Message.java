package org.countyhub.feeds.hl7;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * An HL7 v2 message (2.3 to 2.8) as a list of segments, read without a version-specific structure: feeds from
 * real systems put segments where their version or vendor wants, and add Z-segments; the translators walk the
 * segments in order (PID, then ORC/OBR groups with their OBX and NTE). Segment separators CR, LF and CRLF are
 * all accepted.
 */
public final class Hl7Message {

	private final Delimiters delimiters;
	private final List<Segment> segments;

	private Hl7Message(Delimiters delimiters, List<Segment> segments) {
		this.delimiters = delimiters;
		this.segments = segments;
	}

	/** Parses decoded text; throws {@link Hl7ParseException} when it is not an HL7 v2 message. */
	public static Hl7Message parse(String text) {
		int start = text.indexOf("MSH");
		if (start < 0 || !text.substring(0, start).isBlank() && !text.substring(0, start).equals("\uFEFF")) {
			throw new Hl7ParseException("the message does not start with an MSH segment");
		}
		if (text.length() < start + 8) {
			throw new Hl7ParseException("MSH is too short to declare its delimiters");
		}
		char field = text.charAt(start + 3);
		String enc = text.substring(start + 4, Math.min(text.length(), start + 8));
		if (!Delimiters.declared(field, enc)) {
			throw new Hl7ParseException("MSH-1/MSH-2 do not declare valid delimiters");
		}
		Delimiters d = new Delimiters(field, enc.charAt(0), enc.charAt(1), enc.charAt(2), enc.charAt(3));
		List<Segment> segments = new ArrayList<>();
		int i = start;
		int n = text.length();
		while (i < n) {
			int end = i;
			while (end < n && text.charAt(end) != '\r' && text.charAt(end) != '\n') {
				end++;
			}
			if (end > i) {
				String line = text.substring(i, end);
				if (!line.isBlank()) {
					segments.add(segment(line, d));
				}
			}
			i = end + 1;
		}
		return new Hl7Message(d, Collections.unmodifiableList(segments));
	}

	private static Segment segment(String line, Delimiters d) {
		List<String> parts = new ArrayList<>(24);
		int start = 0;
		while (true) {
			int end = line.indexOf(d.field(), start);
			parts.add(end < 0 ? line.substring(start) : line.substring(start, end));
			if (end < 0) {
				break;
			}
			start = end + 1;
		}
		String name = parts.get(0).trim();
		if (name.length() != 3 || !Character.isLetterOrDigit(name.charAt(0))) {
			throw new Hl7ParseException("'" + (name.length() > 10 ? name.substring(0, 10) + "..." : name)
					+ "' is not a segment name");
		}
		if (name.equals("MSH")) {
			parts.add(1, String.valueOf(d.field()));
		}
		return new Segment(name, parts.toArray(String[]::new), d);
	}

	public Delimiters delimiters() {
		return delimiters;
	}

	public List<Segment> segments() {
		return segments;
	}

	public Segment msh() {
		return segments.get(0);
	}

	public Optional<Segment> first(String name) {
		for (Segment s : segments) {
			if (s.name().equals(name)) {
				return Optional.of(s);
			}
		}
		return Optional.empty();
	}

	public List<Segment> all(String name) {
		List<Segment> result = new ArrayList<>();
		for (Segment s : segments) {
			if (s.name().equals(name)) {
				result.add(s);
			}
		}
		return result;
	}

	/** MSH-9.1 and MSH-9.2, e.g. {@code ADT^A01}. */
	public String type() {
		return msh().value(9, 1) + "^" + msh().value(9, 2);
	}

	public String controlId() {
		return msh().value(10);
	}
}
