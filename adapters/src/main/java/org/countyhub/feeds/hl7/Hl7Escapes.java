package org.countyhub.feeds.hl7;

/**
 * Decodes HL7 v2 escape sequences in a field value: {@code \F\ \S\ \T\ \R\ \E\} (the message's own delimiters),
 * {@code \.br\} (line break, for TX/FT), {@code \Xhh..\} (hex bytes as Latin-1) and drops the formatting and
 * highlighting sequences ({@code \H\ \N\ \.sp\ ...}) that carry no text.
 */
final class Hl7Escapes {

	private Hl7Escapes() {}

	static String decode(String value, Delimiters d) {
		if (value.indexOf(d.escape()) < 0) {
			return value;
		}
		StringBuilder out = new StringBuilder(value.length());
		int i = 0;
		int n = value.length();
		while (i < n) {
			char c = value.charAt(i);
			int end = c == d.escape() ? value.indexOf(d.escape(), i + 1) : -1;
			if (end < 0) {
				out.append(c);
				i++;
				continue;
			}
			String seq = value.substring(i + 1, end);
			switch (seq) {
				case "F" -> out.append(d.field());
				case "S" -> out.append(d.component());
				case "T" -> out.append(d.subcomponent());
				case "R" -> out.append(d.repetition());
				case "E" -> out.append(d.escape());
				case ".br" -> out.append('\n');
				default -> appendOther(seq, out);
			}
			i = end + 1;
		}
		return out.toString();
	}

	private static void appendOther(String seq, StringBuilder out) {
		if (seq.length() > 1 && seq.charAt(0) == 'X' && (seq.length() - 1) % 2 == 0) {
			for (int k = 1; k < seq.length(); k += 2) {
				out.append((char) Integer.parseInt(seq.substring(k, k + 2), 16));
			}
		}
		// \H\ \N\ \.sp\ \.in\ \.ti\ \.sk\ \.fi\ \.nf\ \.ce\ \Cxxyy\ \Mxxyyzz\: formatting only
	}
}
