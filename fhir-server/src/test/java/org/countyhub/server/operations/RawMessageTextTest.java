package org.countyhub.server.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the operator reads of a raw message: its own charset decoded, one segment a line, escapes as sent. */
class RawMessageTextTest {

	@Test
	void aGb18030MessageIsDecodedInItsCharsetWithItsSegmentsOnLinesAndItsEscapesMarked() {
		String text = "MSH|^~\\&|HIS|WSY01|COUNTYHUB|SFXYGT|20250301101500||ADT^A04^ADT_A01|C1|P|2.5.1||||||GB 18030-2000\r"
				+ "PID|1||M1^^^WSY01^MR||张^三||19800115|M|||解放路\\T\\12号^^示范县\r\n"
				+ "PV1|1|O\r";
		RawMessageText raw = RawMessageText.of(text.getBytes(Charset.forName("GB18030")));

		assertThat(raw.charset()).isEqualTo("GB18030");
		assertThat(raw.segments()).hasSize(3);
		assertThat(raw.segments().get(0)).containsExactly(new RawMessageText.Part(text.substring(0, text.indexOf('\r')), false));
		assertThat(raw.segments().get(1)).containsExactly(
				new RawMessageText.Part("PID|1||M1^^^WSY01^MR||张^三||19800115|M|||解放路", false),
				new RawMessageText.Part("\\T\\", true),
				new RawMessageText.Part("12号^^示范县", false));
		assertThat(raw.segments().get(2)).isEqualTo(List.of(new RawMessageText.Part("PV1|1|O", false)));
	}

	@Test
	void aLoneEscapeCharacterIsPlainTextAndAnUnknownCharsetIsReadAsUtf8() {
		String text = "MSH|^~\\&|HIS|WSY01|||||ADT^A04|C2|P|2.5.1||||||NO-SUCH\rNTE|1||路径 C:\\temp 已满\r";
		RawMessageText raw = RawMessageText.of(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));

		assertThat(raw.charset()).isEqualTo("UTF-8");
		assertThat(raw.segments().get(1)).containsExactly(new RawMessageText.Part("NTE|1||路径 C:\\temp 已满", false));
	}
}
