package org.countyhub.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.countyhub.server.security.totp.Totp;
import org.junit.jupiter.api.Test;

/** The TOTP codes are the ones RFC 6238 (appendix B, SHA-1) lists, cut to the six digits authenticator apps show. */
class TotpTest {

	/** The RFC's key "12345678901234567890" in Base32, as an otpauth link carries it. */
	private static final String RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

	@Test
	void codesMatchTheRfcTestVectors() {
		assertThat(Totp.code(RFC_SECRET, 59 / 30)).isEqualTo("287082");
		assertThat(Totp.code(RFC_SECRET, 1111111109L / 30)).isEqualTo("081804");
		assertThat(Totp.code(RFC_SECRET, 1111111111L / 30)).isEqualTo("050471");
		assertThat(Totp.code(RFC_SECRET, 1234567890L / 30)).isEqualTo("005924");
		assertThat(Totp.code(RFC_SECRET, 2000000000L / 30)).isEqualTo("279037");
	}
}
