package org.countyhub.feeds.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import org.junit.jupiter.api.Test;

class Hl7MessageTest {

	@Test
	void segmentSeparatorsCrLfAndCrlfAreAllAccepted() {
		for (String sep : new String[] {"\r", "\n", "\r\n"}) {
			Hl7Message m = Hl7Message.parse("MSH|^~\\&|A|B|||||ADT^A01|1|P|2.5" + sep + "PID|1||X" + sep + "ZZZ|1" + sep);
			assertThat(m.segments()).extracting(Segment::name).containsExactly("MSH", "PID", "ZZZ");
			assertThat(m.type()).isEqualTo("ADT^A01");
		}
	}

	@Test
	void escapesAreDecodedWithTheMessagesOwnDelimiters() {
		Hl7Message m = Hl7Message.parse("MSH|^~\\&|A|B|||||ORU^R01|1|P|2.5\r"
				+ "OBX|1|NM|WBC||6.5|10\\S\\9/L||||||\rNTE|1||a\\F\\b\\R\\c\\T\\d\\E\\e\\.br\\f\\X41\\\r");
		assertThat(m.first("OBX").orElseThrow().value(6)).isEqualTo("10^9/L");
		assertThat(m.first("NTE").orElseThrow().field(3).text()).isEqualTo("a|b~c&d\\e\nfA");
	}

	@Test
	void mshFieldsAreNumberedAsTheStandardNumbersThem() {
		Hl7Message m = Hl7Message.parse("MSH|^~\\&|APP|FAC|R|RF|20250101||ORU^R01^ORU_R01|C1|P|2.5.1||||||GB 18030-2000");
		assertThat(m.msh().value(3)).isEqualTo("APP");
		assertThat(m.msh().value(4)).isEqualTo("FAC");
		assertThat(m.msh().value(9, 2)).isEqualTo("R01");
		assertThat(m.controlId()).isEqualTo("C1");
		assertThat(m.msh().value(18)).isEqualTo("GB 18030-2000");
	}

	@Test
	void rawHeaderIsReadBeforeTheCharsetIsKnown() {
		byte[] raw = "\uFEFFMSH|^~\\&|LIS|XRMYY|||20250101||ORU^R01|C9|P|2.4||||||GB 18030-2000\rPID|1||1||张三"
				.getBytes(Charset.forName("GB18030"));
		RawHeader h = RawHeader.of(raw);
		assertThat(h.sendingFacility()).isEqualTo("XRMYY");
		assertThat(h.controlId()).isEqualTo("C9");
		assertThat(h.typeAndEvent()).isEqualTo("ORU^R01");
		assertThat(h.charsetName()).isEqualTo("GB 18030-2000");
		assertThat(Hl7Charsets.forMsh18(h.charsetName())).contains(Charset.forName("GB18030"));
		assertThat(Hl7Charsets.forMsh18("8859/1")).contains(Charset.forName("ISO-8859-1"));
		assertThat(Hl7Charsets.forMsh18("EBCDIC")).isEmpty();
	}

	@Test
	void textThatIsNotHl7IsRejected() {
		assertThatThrownBy(() -> Hl7Message.parse("hello")).isInstanceOf(Hl7ParseException.class);
		assertThatThrownBy(() -> Hl7Message.parse("MSH|^~\\&|A\rTHIS IS NOT A SEGMENT")).isInstanceOf(Hl7ParseException.class);
	}
}
