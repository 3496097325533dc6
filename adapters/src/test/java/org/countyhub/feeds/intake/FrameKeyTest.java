package org.countyhub.feeds.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.countyhub.feeds.hl7.RawHeader;
import org.junit.jupiter.api.Test;

/** Issue 20: the journal key of every frame, including those without a control id the parser can read. */
class FrameKeyTest {

	private static final Charset GB18030 = Charset.forName("GB18030");

	@Test
	void readableControlIdIsTheKeyAsSent() {
		FrameKey key = key(registration("XRMYY", "C-1", "1"), StandardCharsets.UTF_8);
		assertThat(key).isEqualTo(new FrameKey("XRMYY", "C-1"));
	}

	@Test
	void blankControlIdGetsAKeyOfItsBytes() {
		for (String blank : new String[] {"", " ", "\t", "\u3000", "  \u3000 ", "^ignored", "\\X20\\"}) {
			byte[] one = registration("XRMYY", blank, "1");
			byte[] other = registration("XRMYY", blank, "2");
			FrameKey key = key(one, StandardCharsets.UTF_8);
			assertThat(key.unit()).as("'%s'", blank).isEqualTo("XRMYY");
			assertThat(key.controlId()).as("'%s'", blank).isEqualTo(FrameKey.BLANK_CONTROL_ID + JournalKey.digest(one));
			assertThat(key(other, StandardCharsets.UTF_8)).as("'%s'", blank).isNotEqualTo(key);
			assertThat(key(one.clone(), StandardCharsets.UTF_8)).as("'%s' again", blank).isEqualTo(key);
		}
	}

	@Test
	void ideographicSpaceInGb18030IsBlankToo() {
		byte[] frame = new String(registration("XRMYY", "\u3000", "1"), StandardCharsets.UTF_8)
				.replace("UNICODE UTF-8", "GB 18030-2000").getBytes(GB18030);
		assertThat(key(frame, GB18030).controlId()).startsWith(FrameKey.BLANK_CONTROL_ID);
	}

	@Test
	void headerWithoutEncodingCharactersNamesNoUnit() {
		byte[] one = new String(registration("XRMYY", "C-1", "1"), StandardCharsets.UTF_8)
				.replace("MSH|^~\\&|", "MSH|").getBytes(StandardCharsets.UTF_8);
		byte[] other = new String(registration("XRMYY", "C-2", "1"), StandardCharsets.UTF_8)
				.replace("MSH|^~\\&|", "MSH|").getBytes(StandardCharsets.UTF_8);
		assertThat(key(one, StandardCharsets.UTF_8))
				.isEqualTo(new FrameKey(FrameKey.UNKNOWN_UNIT, FrameKey.UNREADABLE_HEADER + JournalKey.digest(one)));
		assertThat(key(other, StandardCharsets.UTF_8)).isNotEqualTo(key(one, StandardCharsets.UTF_8));
		byte[] letters = "MSHA^~\\&AHISAXRMYYA".getBytes(StandardCharsets.US_ASCII);
		assertThat(key(letters, StandardCharsets.UTF_8).controlId()).startsWith(FrameKey.UNREADABLE_HEADER);
	}

	@Test
	void frameWithoutMshIsKeyedByItsBytes() {
		byte[] http = "GET /fhir/metadata HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
		assertThat(key(http, StandardCharsets.UTF_8))
				.isEqualTo(new FrameKey(FrameKey.UNKNOWN_UNIT, FrameKey.UNREADABLE_HEADER + JournalKey.digest(http)));
	}

	@Test
	void nulInAHeaderValueIsStorableAndStaysDistinct() {
		FrameKey nul = key(registration("XR\u0000MYY", "C\u00001", "1"), StandardCharsets.UTF_8);
		assertThat(nul.unit()).doesNotContain("\u0000").isNotEqualTo("XRMYY");
		assertThat(nul.controlId()).doesNotContain("\u0000").isNotEqualTo("C1");
	}

	private static FrameKey key(byte[] frame, Charset charset) {
		return FrameKey.of(frame, RawHeader.of(frame), charset);
	}

	private static byte[] registration(String unit, String controlId, String mrn) {
		return ("MSH|^~\\&|HIS|" + unit + "|COUNTYHUB|SFXYGT|20250301101500||ADT^A04^ADT_A01|" + controlId
				+ "|P|2.5.1||||||UNICODE UTF-8\rPID|1||M" + mrn + "^^^XRMYY^MR||吴^刚\r").getBytes(StandardCharsets.UTF_8);
	}
}
