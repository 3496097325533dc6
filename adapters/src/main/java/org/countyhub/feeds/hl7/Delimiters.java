package org.countyhub.feeds.hl7;

/** The delimiters a message declares in MSH-1 and MSH-2. */
public record Delimiters(char field, char component, char repetition, char escape, char subcomponent) {

	public static final Delimiters STANDARD = new Delimiters('|', '^', '~', '\\', '&');

	/** Escapes text for writing into a field of a message with these delimiters. */
	public String escapeText(String text) {
		StringBuilder out = new StringBuilder(text.length() + 8);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == escape) {
				out.append(escape).append('E').append(escape);
			} else if (c == field) {
				out.append(escape).append('F').append(escape);
			} else if (c == component) {
				out.append(escape).append('S').append(escape);
			} else if (c == subcomponent) {
				out.append(escape).append('T').append(escape);
			} else if (c == repetition) {
				out.append(escape).append('R').append(escape);
			} else if (c == '\r' || c == '\n') {
				out.append(' ');
			} else {
				out.append(c);
			}
		}
		return out.toString();
	}
}
