package org.countyhub.feeds.hl7;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * MSH-18 character set names (HL7 table 0211, plus the spellings Chinese HIS vendors use) to Java charsets.
 * "ASCII" is read as UTF-8: it is a subset, and systems that declare ASCII but send UTF-8 text still arrive exact.
 */
public final class Hl7Charsets {

	private static final Map<String, String> JAVA_NAMES = Map.ofEntries(
			Map.entry("ASCII", "UTF-8"),
			Map.entry("UNICODE UTF-8", "UTF-8"),
			Map.entry("UTF-8", "UTF-8"),
			Map.entry("UTF8", "UTF-8"),
			Map.entry("UNICODE", "UTF-8"),
			Map.entry("8859/1", "ISO-8859-1"),
			Map.entry("8859/2", "ISO-8859-2"),
			Map.entry("8859/5", "ISO-8859-5"),
			Map.entry("8859/7", "ISO-8859-7"),
			Map.entry("8859/15", "ISO-8859-15"),
			Map.entry("GB 18030-2000", "GB18030"),
			Map.entry("GB18030", "GB18030"),
			Map.entry("GB 18030", "GB18030"),
			Map.entry("GBK", "GB18030"),
			Map.entry("GB2312", "GB18030"),
			Map.entry("GB 2312", "GB18030"),
			Map.entry("BIG-5", "Big5"),
			Map.entry("BIG5", "Big5"));

	private Hl7Charsets() {}

	/** The charset named by an MSH-18 value; empty when the name is not one the hub knows. */
	public static Optional<Charset> forMsh18(String msh18) {
		String java = JAVA_NAMES.get(msh18.trim().toUpperCase(Locale.ROOT));
		if (java == null) {
			return Optional.empty();
		}
		// GBK and GB2312 are subsets of GB18030; decoding with the superset loses nothing.
		return Optional.of(java.equals("UTF-8") ? StandardCharsets.UTF_8 : Charset.forName(java));
	}
}
