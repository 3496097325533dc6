package org.countyhub.feeds.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Fits a header value (MSH-4, MSH-10, MSH-9) into its journal column. A value too long for the column keeps its
 * beginning and gets a hash of the whole value after it, so two long values that differ only at the end stay two
 * keys; the raw bytes are stored unchanged beside it. An over-long header (or a NUL in it) is never a reason to lose
 * the frame.
 */
final class JournalKey {

	private static final int HASH_CHARS = 16;

	private JournalKey() {}

	static String fit(String value, int max) {
		// PostgreSQL keeps no NUL in text; header values are one char per byte, never U+FFFD, so keys stay apart
		String storable = value.replace('\u0000', '\uFFFD');
		if (storable.length() <= max) {
			return storable;
		}
		return storable.substring(0, max - HASH_CHARS - 1) + "#" + sha256(storable).substring(0, HASH_CHARS);
	}

	/** SHA-256 of a frame's bytes, hex: the journal's own digest of them, and the key of a frame without one. */
	static String digest(byte[] raw) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
		}
	}

	private static String sha256(String value) {
		return digest(value.getBytes(StandardCharsets.UTF_8));
	}
}
