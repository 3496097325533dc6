package org.countyhub.feeds.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Fits a header value (MSH-4, MSH-10, MSH-9) into its journal column. A value too long for the column keeps its
 * beginning and gets a hash of the whole value after it, so two long values that differ only at the end stay two
 * keys; the raw bytes are stored unchanged beside it. An over-long header is never a reason to lose the frame.
 */
final class JournalKey {

	private static final int HASH_CHARS = 16;

	private JournalKey() {}

	static String fit(String value, int max) {
		if (value.length() <= max) {
			return value;
		}
		return value.substring(0, max - HASH_CHARS - 1) + "#" + sha256(value).substring(0, HASH_CHARS);
	}

	private static String sha256(String value) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
		}
	}
}
