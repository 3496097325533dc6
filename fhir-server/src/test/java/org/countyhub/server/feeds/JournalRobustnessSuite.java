package org.countyhub.server.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.countyhub.server.feeds.FeedMessages.adt;
import static org.countyhub.server.feeds.FeedMessages.idCard;
import static org.countyhub.server.feeds.FeedMessages.unique;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.countyhub.feeds.intake.ReceivedMessages;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContext;

/**
 * Issue 20 finding 4 through a real socket: every frame that reaches the parser is journaled whatever its header,
 * a control id of only blanks is refused, MSA-2 comes back as sent, an unreadable birth date is not dropped; on each
 * database (the implementing classes: PostgreSQL keeps no NUL in text, H2 does).
 */
interface JournalRobustnessSuite {

	Charset GB18030 = Charset.forName("GB18030");

	int mllpPort();

	ApplicationContext context();

	@Test
	default void overLongControlIdIsJournaledWithItsRawBytesAndAccepted() {
		String control = unique("C") + "9".repeat(240);
		String message = adt("A04", "XRMYY", control, unique("M"), idCard(), "张^三", unique("V"), "UNICODE UTF-8");
		byte[] raw = message.getBytes(StandardCharsets.UTF_8);
		MllpClient.Ack ack = send(raw, StandardCharsets.UTF_8);
		assertThat(ack.code()).as(ack.text()).isEqualTo("AA");
		assertThat(ack.controlId()).isEqualTo(control);
		ReceivedMessages.Entry entry = journaled(ReceivedMessages.Status.PROCESSED, control.substring(0, 20));
		assertThat(entry.controlId()).hasSizeLessThanOrEqualTo(200);
		assertThat(journal().raw(entry.id())).contains(raw);
	}

	@Test
	default void overLongSendingFacilityAndTypeAreJournaledAndAnswered() {
		String control = unique("C");
		String unit = "X".repeat(80);
		String message = adt("A04", unit, control, unique("M"), idCard(), "张^三", unique("V"), "UNICODE UTF-8")
				.replace("ADT^A04^ADT_A01", "ADT^A04" + "Z".repeat(30) + "^ADT_A01");
		MllpClient.Ack ack = send(message.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
		assertThat(ack.code()).as(ack.text()).isIn("AE", "AR");
		assertThat(ack.reason()).doesNotContainIgnoringCase("insert").doesNotContainIgnoringCase("sql");
		ReceivedMessages.Entry entry = journaled(ReceivedMessages.Status.FAILED, control);
		assertThat(entry.unit()).hasSizeLessThanOrEqualTo(64).startsWith("XXXX");
		assertThat(entry.messageType()).hasSizeLessThanOrEqualTo(20);
	}

	@Test
	default void controlIdOfOnlyBlanksIsRefusedAr() {
		for (String blank : List.of(" ", "\t", "\u3000", " \u3000 ")) {
			String message = adt("A04", "XRMYY", blank, unique("M"), idCard(), "张^三", unique("V"), "UNICODE UTF-8");
			MllpClient.Ack ack = send(message.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
			assertThat(ack.code()).as("MSH-10 '%s': %s", blank, ack.text()).isEqualTo("AR");
			assertThat(ack.reason()).startsWith("HUB-2008");
		}
	}

	@Test
	default void chineseControlIdComesBackByteForByteInGb18030() {
		String control = "检验" + unique("号");
		String message = adt("A04", "XRMYY", control, unique("M"), idCard(), "张^三", unique("V"), "GB 18030-2000");
		MllpClient.Ack ack = send(message.getBytes(GB18030), GB18030);
		assertThat(ack.code()).as(ack.text()).isEqualTo("AA");
		assertThat(ack.controlId()).isEqualTo(control);
	}

	@Test
	default void birthDateThatIsNotADateIsAnsweredAeNotDropped() {
		String message = adt("A04", "XRMYY", unique("C"), unique("M"), idCard(), "张^三", unique("V"), "UNICODE UTF-8")
				.replace("||19800115|F|", "||1980XX15|F|");
		MllpClient.Ack ack = send(message.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
		assertThat(ack.code()).as(ack.text()).isEqualTo("AE");
		assertThat(ack.reason()).startsWith("HUB-2202").contains("PID-7");
	}

	@Test
	default void nulInTheControlIdIsJournaledAndAccepted() {
		String control = unique("C") + "\u0000N";
		String message = adt("A04", "XRMYY", control, unique("M"), idCard(), "张^三", unique("V"), "UNICODE UTF-8");
		byte[] raw = message.getBytes(StandardCharsets.UTF_8);
		MllpClient.Ack ack = send(raw, StandardCharsets.UTF_8);
		assertThat(ack.code()).as(ack.text()).isEqualTo("AA");
		assertThat(ack.controlId()).isEqualTo(control);
		// the key column holds U+FFFD for the NUL; the raw bytes are kept as sent
		ReceivedMessages.Entry entry = journaled(ReceivedMessages.Status.PROCESSED, control.replace('\u0000', '\uFFFD'));
		assertThat(journal().raw(entry.id())).contains(raw);
		// sent again: recognised as the same message, not applied twice
		assertThat(send(raw, StandardCharsets.UTF_8).code()).isEqualTo("AA");
		assertThat(journal().list(ReceivedMessages.Status.PROCESSED, 1_000_000).stream()
				.filter(e -> e.controlId().equals(entry.controlId()))).hasSize(1);
	}

	@Test
	default void nulInTheSendingFacilityIsJournaledAndRefused() {
		String control = unique("C");
		String message = adt("A04", "XRM\u0000YY", control, unique("M"), idCard(), "张^三", unique("V"), "UNICODE UTF-8");
		MllpClient.Ack ack = send(message.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
		assertThat(ack.code()).as(ack.text()).isEqualTo("AE");
		assertThat(ack.reason()).startsWith("HUB-2003");
		assertThat(journaled(ReceivedMessages.Status.FAILED, control).unit()).isEqualTo("XRM\uFFFDYY");
	}

	private MllpClient.Ack send(byte[] message, Charset charset) {
		try (MllpClient client = new MllpClient(mllpPort())) {
			return new MllpClient.Ack(new String(client.send(message), charset));
		}
	}

	private ReceivedMessages journal() {
		return context().getBean(ReceivedMessages.class);
	}

	private ReceivedMessages.Entry journaled(ReceivedMessages.Status status, String controlIdStart) {
		return journal().list(status, 1_000_000).stream()
				.filter(e -> e.controlId().startsWith(controlIdStart))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no " + status + " journal entry for " + controlIdStart));
	}
}
