package org.countyhub.server.operations;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.countyhub.feeds.hl7.Hl7Charsets;
import org.countyhub.feeds.hl7.RawHeader;

/**
 * A journaled message as an operator reads it: decoded in the charset its MSH-18 names (UTF-8 when it names none
 * the hub knows), one segment per line, HL7 escape sequences ({@code \F\}, {@code \X0D\}, ...) kept as sent and
 * marked, so what the sender actually wrote is visible.
 *
 * @param charset the charset the text was decoded in
 * @param segments each segment as parts: plain text and escape sequences
 */
public record RawMessageText(String charset, List<List<Part>> segments) {

	/** A run of the segment: plain text, or one escape sequence. */
	public record Part(String text, boolean escape) {}

	public static RawMessageText of(byte[] raw) {
		RawHeader header = RawHeader.of(raw);
		Charset charset = charsetOf(header);
		// MSH-2's third character is the escape character;, backslash when the header cannot be read
		String encoding = header.encodingCharacters();
		char escape = encoding.length() >= 4 ? encoding.charAt(3) : '\\';
		String text = new String(raw, charset);
		List<List<Part>> segments = new ArrayList<>();
		for (String segment : text.split("[\r\n]+")) {
			if (!segment.isEmpty()) {
				segments.add(segment.startsWith("MSH") ? List.of(new Part(segment, false)) : parts(segment, escape));
			}
		}
		return new RawMessageText(charset.name(), segments);
	}

	/** The message as text, in the charset it declares. */
	static String decoded(byte[] raw) {
		return raw == null ? "" : new String(raw, charsetOf(RawHeader.of(raw)));
	}

	private static Charset charsetOf(RawHeader header) {
		return Hl7Charsets.forMsh18(header.charsetName()).orElse(StandardCharsets.UTF_8);
	}

	private static List<Part> parts(String segment, char escape) {
		List<Part> parts = new ArrayList<>();
		int plainFrom = 0;
		int i = 0;
		while (i < segment.length()) {
			int close = segment.charAt(i) == escape ? segment.indexOf(escape, i + 1) : -1;
			if (close > i + 1) {
				if (i > plainFrom) {
					parts.add(new Part(segment.substring(plainFrom, i), false));
				}
				parts.add(new Part(segment.substring(i, close + 1), true));
				i = close + 1;
				plainFrom = i;
			} else {
				i++;
			}
		}
		if (plainFrom < segment.length()) {
			parts.add(new Part(segment.substring(plainFrom), false));
		}
		return parts;
	}
}
