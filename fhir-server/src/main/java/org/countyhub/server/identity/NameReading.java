package org.countyhub.server.identity;

import com.ibm.icu.text.Transliterator;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How a name reads: its toneless pinyin, lower case, letters and digits only (王伟, "王 伟", "WANG Wei" and 王玮 all
 * read {@code wangwei}). Used by the matcher that compares names and by the candidate blocking key, so both read a
 * name the same way.
 *
 * <p>Names longer than {@code maxLength} characters (whitespace not counted) have no reading: a multi-megabyte
 * PID-5 kept MDM's only thread in ICU's transliterator for 18 CPU-minutes (issue 20, finding 6). No real name
 * comes near the default limit; such a value is no evidence of anyone, so it matches nothing.
 *
 * <p>Pinyin comes from ICU4J's Han-Latin transliterator (already on the class path through HAPI): each character
 * its most common reading, the same on both sides, so equal characters always read alike.
 */
final class NameReading {

	// Building the transliterator loads large tables; instances are not documented as thread-safe.
	private static final ThreadLocal<Transliterator> TO_PINYIN =
			ThreadLocal.withInitial(() -> Transliterator.getInstance("Han-Latin; Latin-ASCII"));

	// MDM compares every incoming Patient with each of its candidates, and names repeat across a county:
	// transliteration showed in MDM's profile. The most recently read names are kept (keys are capped names).
	private static final int READINGS_KEPT = 20_000;

	private final int maxLength;
	private final Map<String, String> readings = Collections.synchronizedMap(
			new LinkedHashMap<>(1024, 0.75f, true) {
				@Override
				protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
					return size() > READINGS_KEPT;
				}
			});

	NameReading(int maxLength) {
		if (maxLength < 1) {
			throw new IllegalArgumentException("hub.identity.max-name-length must be at least 1, was " + maxLength);
		}
		this.maxLength = maxLength;
	}

	int maxLength() {
		return maxLength;
	}

	/** The name without whitespace, or empty when it is blank or longer than the limit. */
	Optional<String> compact(String name) {
		if (name == null || name.length() > maxLength * 4) {
			// checked before any regular expression runs over a hostile value
			return Optional.empty();
		}
		StringBuilder compact = new StringBuilder(name.length());
		name.codePoints().filter(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c))
				.forEach(compact::appendCodePoint);
		if (compact.isEmpty() || compact.codePointCount(0, compact.length()) > maxLength) {
			return Optional.empty();
		}
		return Optional.of(compact.toString());
	}

	/** How the name reads, or empty when it is blank, too long or has no letters. */
	Optional<String> of(String name) {
		return compact(name).map(this::read).filter(reading -> !reading.isEmpty());
	}

	private String read(String compact) {
		String reading = readings.get(compact);
		if (reading == null) {
			reading = TO_PINYIN.get().transliterate(compact).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
			readings.put(compact, reading);
		}
		return reading;
	}
}
