package org.countyhub.server.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.countyhub.server.feeds.FeedMessages.msh;
import static org.countyhub.server.feeds.FeedMessages.unique;

import java.nio.charset.Charset;
import org.countyhub.server.support.HubServerTest;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 finding 3 (big messages are superlinear), the part found so far: OBX that repeat a code without an
 * OBX-4 of their own were one conditional URL in the transaction. HAPI folded them into one Observation (results
 * lost) and, for each repeat, rewrote references across the whole transaction (quadratic: a 2,000-OBX sample with
 * one code spent its time in BaseTransactionProcessor.consolidateDuplicateConditionals).
 */
class RepeatedResultCodesTest extends HubServerTest {

	private static final Charset GB18030 = Charset.forName("GB18030");

	/**
	 * The same code again without OBX-4 (a LIS repeating a measurement) was one conditional URL: HAPI folded the
	 * results into one Observation, comparing each against the whole transaction (quadratic). Each is kept.
	 */
	@Test
	void repeatedCodeWithoutSubIdKeepsEveryResult() {
		String filler = unique("F");
		try (MllpClient sender = new MllpClient(mllpPort())) {
			MllpClient.Ack ack = sender.send(result(500, filler, "HGB^血红蛋白^L"), GB18030);
			assertThat(ack.code()).as(ack.text()).isEqualTo("AA");
		}
		assertThat(distinctResults(filler)).isEqualTo(500);
	}

	private long distinctResults(String filler) {
		return StoredReports.byFiller(client, filler).getResult().stream().map(r -> r.getReference()).distinct().count();
	}

	/** A chemistry panel as a LIS sends it, with {@code obx} numeric results all coded {@code code}. */
	private static String result(int obx, String filler, String code) {
		String mrn = unique("M");
		StringBuilder message = new StringBuilder(msh("LIS", "XRMYY", "ORU^R01^ORU_R01", unique("C"), "2.5.1",
				"GB 18030-2000"))
				.append("PID|1||").append(mrn).append("^^^XRMYY^MR||王^小明||19750505|M\r")
				.append("ORC|RE|").append(unique("P")).append('|').append(filler).append('\r')
				.append("OBR|1|").append(unique("P")).append('|').append(filler)
				.append("|CBC^血常规^L|||20250301083000|||||||||||||||20250301113000||LAB|F\r");
		for (int i = 1; i <= obx; i++) {
			message.append("OBX|").append(i).append("|NM|").append(code).append("||").append(120 + i % 50)
					.append("|g/L|130-175|N|||F\r");
		}
		return message.toString();
	}
}
