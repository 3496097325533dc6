package org.countyhub.server.security.totp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords as authenticator apps compute them (RFC 6238 over RFC 4226): HMAC-SHA1 of the
 * number of 30-second steps since the epoch, dynamically truncated to six digits. Secrets travel in Base32
 * (RFC 4648, without padding), the form the apps' {@code otpauth://} links use.
 */
public final class Totp {

	static final int STEP_SECONDS = 30;
	static final int DIGITS = 6;
	private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

	private Totp() {}

	/** The time step an instant falls in. */
	public static long step(Instant at) {
		return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
	}

	/** The six-digit code of a step, with leading zeros. */
	public static String code(String base32Secret, long step) {
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(decode(base32Secret), "HmacSHA1"));
			byte[] hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
			int offset = hash[hash.length - 1] & 0x0f;
			int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
					| ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
			return String.format("%0" + DIGITS + "d", binary % 1_000_000);
		} catch (GeneralSecurityException e) {
			throw new IllegalStateException("HmacSHA1 is not available", e);
		}
	}

	/**
	 * The step among {@code step - 1 .. step + 1} (a phone's clock a little off, a code typed at a step's end)
	 * whose code is the one given, or -1; compared in constant time.
	 */
	static long matchingStep(String base32Secret, String given, long step) {
		String typed = given == null ? "" : given.replaceAll("\\s", "");
		long found = -1;
		for (long candidate = step - 1; candidate <= step + 1; candidate++) {
			if (MessageDigest.isEqual(code(base32Secret, candidate).getBytes(), typed.getBytes()) && found < 0) {
				found = candidate;
			}
		}
		return found;
	}

	static String encode(byte[] bytes) {
		StringBuilder out = new StringBuilder();
		int buffer = 0;
		int bits = 0;
		for (byte b : bytes) {
			buffer = (buffer << 8) | (b & 0xff);
			bits += 8;
			while (bits >= 5) {
				out.append(BASE32.charAt((buffer >> (bits - 5)) & 0x1f));
				bits -= 5;
			}
		}
		if (bits > 0) {
			out.append(BASE32.charAt((buffer << (5 - bits)) & 0x1f));
		}
		return out.toString();
	}

	static byte[] decode(String base32) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int buffer = 0;
		int bits = 0;
		for (char c : base32.toUpperCase(Locale.ROOT).replace("=", "").replace(" ", "").toCharArray()) {
			int value = BASE32.indexOf(c);
			if (value < 0) {
				throw new IllegalArgumentException("not a Base32 secret");
			}
			buffer = (buffer << 5) | value;
			bits += 5;
			if (bits >= 8) {
				out.write((buffer >> (bits - 8)) & 0xff);
				bits -= 8;
			}
		}
		return out.toByteArray();
	}
}
