package org.countyhub.feeds.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.ZoneId;
import java.util.Arrays;
import org.countyhub.feeds.hl7.RawHeader;
import org.junit.jupiter.api.Test;

/** Issue 20 finding 4: what the sender reads back in MSA-2 and ERR, and how over-long header values are keyed. */
class AcksAndRefusalsTest {

	private static final Charset GB18030 = Charset.forName("GB18030");
	private final Acks acks = new Acks("COUNTYHUB", "SFXYGT", ZoneId.of("Asia/Shanghai"));

	@Test
	void chineseControlIdIsEchoedByteForByteInGb18030() {
		assertEchoed("检验单号-甲0001", GB18030, "GB 18030-2000");
	}

	@Test
	void chineseControlIdIsEchoedByteForByteInUtf8() {
		assertEchoed("检验单号-甲0001", StandardCharsets.UTF_8, "UNICODE UTF-8");
	}

	@Test
	void reasonInTheSendersCharsetBesideTheEchoedControlId() {
		byte[] message = ("MSH|^~\\&|LIS|XRMYY|HUB|HUB|20250301||ORU^R01|号1|P|2.5||||||GB 18030-2000\r")
				.getBytes(GB18030);
		byte[] ack = acks.reject(RawHeader.of(message), "AE", "207", "HUB-2003: 单位不存在", GB18030);
		String text = new String(ack, GB18030);
		assertThat(text).contains("MSA|AE|号1|HUB-2003: 单位不存在\r");
	}

	@Test
	void controlIdOfASenderWithOtherSeparatorsIsEscapedForTheHubsOwn() {
		byte[] message = "MSH#$~\\&#LIS#XRMYY#HUB#HUB#20250301##ADT$A01#A|B#P#2.5\r".getBytes(StandardCharsets.US_ASCII);
		String ack = new String(acks.accept(RawHeader.of(message), StandardCharsets.US_ASCII), StandardCharsets.US_ASCII);
		assertThat(ack).contains("MSA|AA|A\\F\\B\r");
	}

	@Test
	void sqlInTheStoresRefusalNeverReachesTheSender() {
		RuntimeException jpa = new RuntimeException("HAPI-0550: could not execute statement [ERROR: duplicate key value "
				+ "violates unique constraint \"idx_sp_token\" Detail: Key (sp_value)=(MRN-123) ] [insert into "
				+ "hfj_spidx_token (...) values (...)]",
				new SQLIntegrityConstraintViolationException("duplicate key MRN-123"));
		assertThat(StoreRefusal.reason(jpa)).isEqualTo(StoreRefusal.DATABASE).doesNotContain("MRN-123");
		assertThat(StoreRefusal.reason(new IllegalStateException("at first line\n\tat org.x.Y.z(Y.java:12)")))
				.isEqualTo(StoreRefusal.DATABASE);
		assertThat(StoreRefusal.reason(new IllegalStateException(
				"HAPI-2001: Resource Patient/123 is not known\nsecond line")))
				.isEqualTo("HAPI-2001: Resource Patient/123 is not known");
	}

	@Test
	void overLongKeyKeepsItsBeginningAndStaysDistinct() {
		String a = "U".repeat(300) + "a";
		String b = "U".repeat(300) + "b";
		assertThat(JournalKey.fit(a, 64)).hasSize(64).startsWith("UUUU");
		assertThat(JournalKey.fit(a, 64)).isNotEqualTo(JournalKey.fit(b, 64));
		assertThat(JournalKey.fit("XRMYY", 64)).isEqualTo("XRMYY");
	}

	private void assertEchoed(String controlId, Charset charset, String msh18) {
		byte[] message = ("MSH|^~\\&|LIS|XRMYY|HUB|HUB|20250301||ORU^R01|" + controlId + "|P|2.5||||||" + msh18 + "\r")
				.getBytes(charset);
		byte[] ack = acks.accept(RawHeader.of(message), charset);
		byte[] sent = controlId.getBytes(charset);
		byte[] prefix = "MSA|AA|".getBytes(StandardCharsets.US_ASCII);
		int at = indexOf(ack, prefix) + prefix.length;
		assertThat(Arrays.copyOfRange(ack, at, at + sent.length)).isEqualTo(sent);
		assertThat(ack[at + sent.length]).isEqualTo((byte) '\r');
		assertThat(new String(ack, charset)).contains("MSA|AA|" + controlId + "\r");
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer:
		for (int i = 0; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		throw new AssertionError("not found");
	}
}
