package org.countyhub.server.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.countyhub.server.feeds.FeedMessages.adt;
import static org.countyhub.server.feeds.FeedMessages.idCard;
import static org.countyhub.server.feeds.FeedMessages.unique;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.countyhub.server.support.HubServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Issue 20 finding 5 through a real socket: the listener's maximum frame and what it does with non-MLLP bytes. */
@ExtendWith(OutputCaptureExtension.class)
class MllpListenerLimitsTest extends HubServerTest {

	@Test
	void frameOverTheMaximumIsAnsweredArAndTheConnectionStaysUsable() {
		String control = unique("C");
		String header = adt("A04", "XRMYY", control, unique("M"), idCard(), "张^三", unique("V"), "UNICODE UTF-8");
		// the default maximum is 10 MB: an 11 MB note
		String oversized = header + "NTE|1||" + "x".repeat(11 * 1024 * 1024) + "\r";
		try (MllpClient sender = new MllpClient(mllpPort())) {
			MllpClient.Ack refused = sender.send(oversized, StandardCharsets.UTF_8);
			assertThat(refused.code()).isEqualTo("AR");
			assertThat(refused.controlId()).isEqualTo(control);
			assertThat(refused.reason()).startsWith("HUB-2201").contains("hub.mllp.max-frame");

			String next = unique("C");
			MllpClient.Ack accepted = sender.send(adt("A04", "XRMYY", next, unique("M"), idCard(), "张^三", unique("V"),
					"UNICODE UTF-8"));
			assertThat(accepted.code()).as(accepted.text()).isEqualTo("AA");
			assertThat(accepted.controlId()).isEqualTo(next);
		}
	}

	@Test
	void httpRequestOnTheMllpPortIsClosedWithOneLogLine(CapturedOutput output) throws IOException {
		try (Socket socket = new Socket("localhost", mllpPort())) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write("GET /fhir/Patient HTTP/1.1\r\nHost: hub\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			assertThat(in.read()).as("the hub closes the connection without answering").isEqualTo(-1);
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> output.getAll().contains("it sent an HTTP request"));
		assertThat(output.getAll().lines().filter(l -> l.contains("it sent an HTTP request"))).hasSize(1);
	}
}
