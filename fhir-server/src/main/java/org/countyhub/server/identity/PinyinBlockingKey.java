package org.countyhub.server.identity;

import ca.uhn.fhir.context.phonetic.IPhoneticEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The value the guide's {@code Patient?phonetic=} parameter indexes and searches: how a name reads
 * ({@link NameReading}), so that MDM's candidate search can block on birth date + sex + the name's reading instead
 * of birth date + sex alone, which drew every Patient born on 1 January and hit HAPI's candidate cap (HAPI-0762;
 * issue 20, finding 6). HAPI applies the registry's phonetic encoder to the parameter whose code is
 * {@code phonetic} ({@code ISearchParamRegistry.setPhoneticEncoder}), when indexing and when searching.
 *
 * <p>HAPI compares phonetic values by prefix ({@code LIKE 'WANGWEI%'}), which would also draw 王伟明 and every
 * 王维x; the terminating dot makes the prefix the whole reading. A name without a reading (too long, no letters)
 * gets a key of its own digest, so it blocks only with the very same value instead of with all such names.
 */
final class PinyinBlockingKey implements IPhoneticEncoder {

	private static final String END = ".";

	private final NameReading reading;

	PinyinBlockingKey(NameReading reading) {
		this.reading = reading;
	}

	@Override
	public String name() {
		return "PINYIN";
	}

	@Override
	public String encode(String name) {
		return reading.of(name)
				.map(read -> read.toUpperCase(Locale.ROOT) + END)
				.orElseGet(() -> "UNREAD" + digest(name == null ? "" : name) + END);
	}

	private static String digest(String value) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().withUpperCase().formatHex(hash, 0, 16);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
		}
	}
}
