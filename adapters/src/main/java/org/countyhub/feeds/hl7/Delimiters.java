package org.countyhub.feeds.hl7;

/** The delimiters a message declares in MSH-1 and MSH-2. */
public record Delimiters(char field, char component, char repetition, char escape, char subcomponent) {

	public static final Delimiters STANDARD = new Delimiters('|', '^', '~', '\\', '&');

	/**
	 * Whether MSH-1 and MSH-2 declare delimiters a message can be read with: a field separator that is not a letter
	 * or digit, and four encoding characters before the next field separator. One rule for the parser and for the
	 * raw header, so both read MSH-10 from the same place.
	 *
	 * @param msh2 the text after the field separator (at least the four encoding characters, when there are four)
	 */
	public static boolean declared(char field, String msh2) {
		return !Character.isLetterOrDigit(field) && msh2.length() >= 4 && msh2.substring(0, 4).indexOf(field) < 0;
	}

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
