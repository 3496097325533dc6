package org.countyhub.feeds.hl7;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The few MSH fields the hub needs before it knows the charset: sending application and facility, type,
 * control id, version and MSH-18. Read from the raw bytes of the first segment, which real systems keep ASCII
 * (the Chinese text that needs the charset is further on). Never throws: what cannot be read is empty.
 * Each value is the field's bytes one char per byte (ISO-8859-1), so {@link #bytes(String)} gives back exactly
 * what the sender sent — the ACK echoes MSH-10 byte for byte, whatever the charset.
 *
 * @param encodingCharacters MSH-1 and MSH-2 as sent, e.g. {@code |^~\&}
 */
public record RawHeader(
		String sendingApplication,
		String sendingFacility,
		String messageType,
		String triggerEvent,
		String controlId,
		String processingId,
		String version,
		String charsetName,
		String encodingCharacters) {

	static final RawHeader NONE = new RawHeader("", "", "", "", "", "", "", "", "");

	/** The encoding characters of the hub's ACKs. */
	public static final String STANDARD_ENCODING = "|^~\\&";

	public static RawHeader of(byte[] bytes) {
		int start = indexOfMsh(bytes);
		if (start < 0 || bytes.length < start + 8) {
			return NONE;
		}
		byte fieldSep = bytes[start + 3];
		byte compSep = bytes[start + 4];
		byte repSep = bytes[start + 5];
		int end = start;
		while (end < bytes.length && bytes[end] != '\r' && bytes[end] != '\n') {
			end++;
		}
		List<String> fields = new ArrayList<>();
		fields.add("MSH");
		fields.add(String.valueOf((char) fieldSep));
		int i = start + 4;
		int fieldStart = i;
		for (; i <= end; i++) {
			if (i == end || bytes[i] == fieldSep) {
				fields.add(new String(bytes, fieldStart, i - fieldStart, StandardCharsets.ISO_8859_1));
				fieldStart = i + 1;
			}
		}
		return new RawHeader(
				first(get(fields, 3), compSep, repSep),
				first(get(fields, 4), compSep, repSep),
				component(get(fields, 9), compSep, repSep, 0),
				component(get(fields, 9), compSep, repSep, 1),
				get(fields, 10).trim(),
				first(get(fields, 11), compSep, repSep),
				first(get(fields, 12), compSep, repSep),
				first(get(fields, 18), compSep, repSep).trim(),
				(char) fieldSep + get(fields, 2));
	}

	/** A value of this header as the bytes the sender sent. */
	public static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.ISO_8859_1);
	}

	/** The sender separates and escapes as the hub's ACKs do: its values can be echoed unchanged. */
	public boolean standardEncoding() {
		return STANDARD_ENCODING.equals(encodingCharacters);
	}


	/**
	 * MSH-1 and MSH-2 declare delimiters ({@link Delimiters#declared}): without them the parser refuses the message
	 * and the values of this header were read from wherever the field separator happened to fall.
	 */
	public boolean declaresDelimiters() {
		return encodingCharacters.length() > 1
				&& Delimiters.declared(encodingCharacters.charAt(0), encodingCharacters.substring(1));
	}

	/**
	 * MSH-10 as the parser reads it: the field in {@code charset}, first repetition, first component, unescaped;
	 * "" when the header declares no delimiters. Blank here means the parser finds no control id either.
	 */
	public String parsedControlId(Charset charset) {
		if (!declaresDelimiters()) {
			return "";
		}
		String enc = encodingCharacters;
		Delimiters d = new Delimiters(enc.charAt(0), enc.charAt(1), enc.charAt(2), enc.charAt(3), enc.charAt(4));
		String first = Field.piece(new String(bytes(controlId), charset), d.repetition(), 1);
		return new Field(first, d).component(1);
	}

	/** MSH-9 as {@code TYPE^EVENT}. */
	public String typeAndEvent() {
		return messageType + "^" + triggerEvent;
	}

	private static int indexOfMsh(byte[] b) {
		int limit = Math.min(b.length - 3, 16);
		for (int i = 0; i <= limit; i++) {
			if (b[i] == 'M' && b[i + 1] == 'S' && b[i + 2] == 'H') {
				return i;
			}
		}
		return -1;
	}

	private static String get(List<String> fields, int n) {
		return n < fields.size() ? fields.get(n) : "";
	}

	private static String first(String field, byte compSep, byte repSep) {
		return component(field, compSep, repSep, 0);
	}

	private static String component(String field, byte compSep, byte repSep, int index) {
		int rep = field.indexOf((char) repSep);
		String first = rep < 0 ? field : field.substring(0, rep);
		int start = 0;
		for (int k = 0; k < index; k++) {
			int next = first.indexOf((char) compSep, start);
			if (next < 0) {
				return "";
			}
			start = next + 1;
		}
		int end = first.indexOf((char) compSep, start);
		return end < 0 ? first.substring(start) : first.substring(start, end);
	}
}
