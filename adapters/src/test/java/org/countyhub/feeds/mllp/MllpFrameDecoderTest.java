package org.countyhub.feeds.mllp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The listener's framing and idle guard on Netty's embedded channel: what a sender's bytes become. */
class MllpFrameDecoderTest {

	private static final String MESSAGE = "MSH|^~\\&|LIS|XRMYY|HUB|HUB|20250301||ORU^R01|C1|P|2.5\rPID|1\r";

	@Test
	void frameSplitIntoSingleBytesArrivesWhole() {
		EmbeddedChannel channel = channel(1024);
		for (byte b : framed(MESSAGE)) {
			channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
		}
		assertThat(text(channel.readInbound())).isEqualTo(MESSAGE);
		assertThat((Object) channel.readInbound()).isNull();
	}

	@Test
	void twoFramesInOneReadWithLineBreakBetweenAreTwoMessages() {
		EmbeddedChannel channel = channel(1024);
		byte[] one = framed(MESSAGE);
		byte[] two = framed(MESSAGE.replace("C1", "C2"));
		ByteArrayOutputStream both = new ByteArrayOutputStream();
		both.writeBytes(one);
		both.write('\n');
		both.writeBytes(two);
		channel.writeInbound(Unpooled.wrappedBuffer(both.toByteArray()));
		assertThat(text(channel.readInbound())).isEqualTo(MESSAGE);
		assertThat(text(channel.readInbound())).contains("|C2|");
	}

	@Test
	void fileSeparatorWithoutCarriageReturnDoesNotEndTheFrame() {
		EmbeddedChannel channel = channel(1024);
		String withFs = MESSAGE + "NTE|1||a\u001cb\r";
		byte[] bytes = framed(withFs);
		int split = withFs.indexOf('\u001c') + 2; // the FS is the last byte of the first read
		channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, 0, split)));
		assertThat((Object) channel.readInbound()).isNull();
		channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, split, bytes.length)));
		assertThat(text(channel.readInbound())).isEqualTo(withFs);
	}

	@Test
	void frameOverTheMaximumIsPassedOnAsItsHeadAndTheNextFrameStillArrives() {
		EmbeddedChannel channel = channel(2048);
		String big = MESSAGE + "OBX|1|ST|X||" + "a".repeat(10_000) + "\r";
		byte[] bytes = framed(big);
		// in pieces of 1000 bytes, with the FS of the frame's end at the end of one piece
		for (int i = 0; i < bytes.length; i += 1000) {
			channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + 1000))));
		}
		channel.writeInbound(Unpooled.wrappedBuffer(framed(MESSAGE.replace("C1", "C2"))));

		OversizedFrame oversized = channel.readInbound();
		assertThat(oversized.length()).isEqualTo(big.length());
		assertThat(oversized.limit()).isEqualTo(2048);
		assertThat(new String(oversized.head(), StandardCharsets.US_ASCII)).startsWith(MESSAGE);
		assertThat(oversized.head()).hasSizeLessThanOrEqualTo(2048);
		assertThat(text(channel.readInbound())).contains("|C2|");
		assertThat(channel.isActive()).isTrue();
	}

	@Test
	void oversizedFrameInOneReadIsPassedOnAsItsHead() {
		EmbeddedChannel channel = channel(2048);
		String big = MESSAGE + "OBX|1|ST|X||" + "b".repeat(5_000) + "\r";
		channel.writeInbound(Unpooled.wrappedBuffer(framed(big)));
		OversizedFrame oversized = channel.readInbound();
		assertThat(oversized.length()).isEqualTo(big.length());
	}

	/** Issue 20 finding 5: an unterminated 40 MB frame took 53 s of a core to read; each byte is now read once. */
	@Test
	void largeFrameInSmallPiecesIsFramedInLinearTime() {
		int size = 24 * 1024 * 1024;
		EmbeddedChannel channel = channel(size + 1024);
		byte[] piece = new byte[4096];
		Arrays.fill(piece, (byte) 'x');
		long start = System.nanoTime();
		channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {MllpFrameDecoder.START}));
		for (int sent = 0; sent < size; sent += piece.length) {
			channel.writeInbound(Unpooled.wrappedBuffer(piece));
		}
		channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {MllpFrameDecoder.END, MllpFrameDecoder.CR}));
		byte[] frame = channel.readInbound();
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(frame).hasSize(size);
		// searching every piece again from the frame's start would be ~75 GB of comparisons: minutes
		assertThat(took).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void unterminatedFrameOverTheMaximumIsNotHeldInMemory() {
		EmbeddedChannel channel = channel(64 * 1024);
		channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {MllpFrameDecoder.START}));
		byte[] piece = new byte[8192];
		Arrays.fill(piece, (byte) 'y');
		ByteBuf last = null;
		for (int i = 0; i < 1000; i++) {
			last = Unpooled.wrappedBuffer(piece.clone());
			channel.writeInbound(last);
		}
		// each piece was dropped as it arrived (released), none waits in the decoder's buffer
		assertThat(last.refCnt()).isZero();
		assertThat((Object) channel.readInbound()).isNull();
		assertThat(channel.isActive()).isTrue();
	}

	@Test
	void httpRequestClosesTheConnection() {
		assertClosedBy("GET /fhir/metadata HTTP/1.1\r\nHost: hub\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		assertThat(MllpFrameDecoder.kindOf(Unpooled.wrappedBuffer("POST / HTTP/1.1".getBytes(StandardCharsets.US_ASCII))))
				.isEqualTo("an HTTP request");
	}

	@Test
	void tlsHelloClosesTheConnection() {
		byte[] hello = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03};
		assertClosedBy(hello);
		assertThat(MllpFrameDecoder.kindOf(Unpooled.wrappedBuffer(hello))).startsWith("a TLS handshake");
	}

	@Test
	void unframedHl7ClosesTheConnection() {
		assertClosedBy(MESSAGE.getBytes(StandardCharsets.US_ASCII));
		assertThat(MllpFrameDecoder.kindOf(Unpooled.wrappedBuffer(MESSAGE.getBytes(StandardCharsets.US_ASCII))))
				.isEqualTo("HL7 without MLLP framing");
	}

	@Test
	void silentConnectionIsClosedAfterTheIdleTimeout() {
		EmbeddedChannel channel = new EmbeddedChannel(new MllpIdleGuard(Duration.ofMillis(200)), new MllpFrameDecoder(1024));
		// half a frame, then nothing
		byte[] bytes = framed(MESSAGE);
		channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOf(bytes, 20)));
		await().atMost(Duration.ofSeconds(5)).until(() -> {
			channel.runPendingTasks();
			return !channel.isOpen();
		});
	}

	@Test
	void connectionWaitingForItsAnswerIsNotClosedWhileIdle() {
		EmbeddedChannel channel = new EmbeddedChannel(new MllpIdleGuard(Duration.ofMillis(200)), new MllpFrameDecoder(1024));
		channel.writeInbound(Unpooled.wrappedBuffer(framed(MESSAGE)));
		assertThat((Object) channel.readInbound()).isNotNull();
		long until = System.nanoTime() + Duration.ofMillis(600).toNanos();
		// the hub takes its time for the message: three idle periods pass, the sender waits for the ACK
		await().atMost(Duration.ofSeconds(5)).until(() -> {
			channel.runPendingTasks();
			return System.nanoTime() > until;
		});
		assertThat(channel.isOpen()).isTrue();
		channel.writeOutbound(Unpooled.wrappedBuffer(new byte[] {1}));
		await().atMost(Duration.ofSeconds(5)).until(() -> {
			channel.runPendingTasks();
			return !channel.isOpen();
		});
	}

	private static void assertClosedBy(byte[] bytes) {
		EmbeddedChannel channel = channel(1024);
		channel.writeInbound(Unpooled.wrappedBuffer(bytes));
		assertThat((Object) channel.readInbound()).isNull();
		assertThat(channel.isOpen()).isFalse();
	}

	private static EmbeddedChannel channel(int maxFrame) {
		return new EmbeddedChannel(new MllpFrameDecoder(maxFrame));
	}

	private static byte[] framed(String message) {
		byte[] body = message.getBytes(StandardCharsets.UTF_8);
		byte[] framed = new byte[body.length + 3];
		framed[0] = MllpFrameDecoder.START;
		System.arraycopy(body, 0, framed, 1, body.length);
		framed[body.length + 1] = MllpFrameDecoder.END;
		framed[body.length + 2] = MllpFrameDecoder.CR;
		return framed;
	}

	private static String text(Object frame) {
		assertThat(frame).isInstanceOf(byte[].class);
		return new String((byte[]) frame, StandardCharsets.UTF_8);
	}
}
