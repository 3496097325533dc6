package org.countyhub.feeds.mllp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MLLP framing ({@code VT message FS CR}) in one pass over the bytes: each byte is searched for the end of its
 * frame once, however the frame is split across reads (Netty's delimiter decoder searched the whole frame again
 * on every read, quadratic for a frame arriving in many pieces). A frame longer than the maximum is not kept:
 * its first bytes are passed on as an {@link OversizedFrame} so the sender gets an answer, the rest is dropped
 * as it arrives. A connection that does not start with VT (HTTP, a TLS hello, HL7 without framing) is closed
 * with one log line.
 */
final class MllpFrameDecoder extends ByteToMessageDecoder {

	/** Frames passed on and not yet answered; {@link MllpIdleGuard} does not close a connection that waits. */
	static final AttributeKey<AtomicInteger> AWAITING_ANSWER = AttributeKey.valueOf("hubMllpAwaitingAnswer");

	static final byte START = 0x0b;
	static final byte END = 0x1c;
	static final byte CR = 0x0d;
	private static final int HEAD = 4096;
	private static final Logger log = LoggerFactory.getLogger(MllpFrameDecoder.class);

	private final int maxFrame;
	private boolean inFrame;
	/** bytes of the current frame already searched for its end */
	private int searched;
	/** the current frame is over the maximum: its head is kept, the rest dropped */
	private byte[] oversizedHead;
	private long dropped;
	private boolean refused;

	MllpFrameDecoder(int maxFrame) {
		this.maxFrame = maxFrame;
	}

	@Override
	protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
		while (in.isReadable() && !refused) {
			if (!inFrame && !startFrame(ctx, in)) {
				return;
			}
			boolean complete = oversizedHead != null ? dropUntilEnd(in, out) : readUntilEnd(in, out);
			if (!complete) {
				return;
			}
			inFrame = false;
			awaiting(ctx).incrementAndGet();
		}
		if (refused) {
			in.skipBytes(in.readableBytes());
		}
	}

	private boolean startFrame(ChannelHandlerContext ctx, ByteBuf in) {
		// some senders put a line break between frames
		while (in.isReadable() && (in.getByte(in.readerIndex()) == CR || in.getByte(in.readerIndex()) == '\n')) {
			in.skipBytes(1);
		}
		if (!in.isReadable()) {
			return false;
		}
		if (in.getByte(in.readerIndex()) != START) {
			refused = true;
			log.warn("MLLP connection from {} closed: it sent {}, not an MLLP frame (VT ... FS CR)",
					ctx.channel().remoteAddress(), kindOf(in));
			ctx.close();
			return false;
		}
		in.skipBytes(1);
		inFrame = true;
		searched = 0;
		return true;
	}

	/** Looks for FS CR in the bytes not searched yet; passes the frame on when found. */
	private boolean readUntilEnd(ByteBuf in, List<Object> out) {
		int end = findEnd(in, in.readerIndex() + searched);
		if (end < 0) {
			if (in.readableBytes() > maxFrame) {
				oversizedHead = new byte[Math.min(HEAD, maxFrame)];
				in.readBytes(oversizedHead);
				dropped = oversizedHead.length;
				return dropUntilEnd(in, out);
			}
			return false;
		}
		int length = end - in.readerIndex();
		if (length > maxFrame) {
			byte[] head = new byte[Math.min(HEAD, length)];
			in.getBytes(in.readerIndex(), head);
			in.skipBytes(length + 2);
			out.add(new OversizedFrame(head, length, maxFrame));
			return true;
		}
		byte[] frame = new byte[length];
		in.readBytes(frame);
		in.skipBytes(2);
		out.add(frame);
		return true;
	}

	/** Drops the bytes of an oversized frame up to its end, then passes its head on. */
	private boolean dropUntilEnd(ByteBuf in, List<Object> out) {
		int end = findEnd(in, in.readerIndex());
		if (end < 0) {
			// keep a trailing FS: its CR may be in the next read
			int keep = searched < in.readableBytes() ? in.readableBytes() - searched : 0;
			int drop = in.readableBytes() - keep;
			dropped += drop;
			in.skipBytes(drop);
			searched = 0;
			return false;
		}
		dropped += end - in.readerIndex();
		in.readerIndex(end + 2);
		out.add(new OversizedFrame(oversizedHead, dropped, maxFrame));
		oversizedHead = null;
		return true;
	}

	/**
	 * The index of FS followed by CR, searching from {@code from}; -1 if not there yet. Afterwards
	 * {@link #searched} says how much of the readable bytes need not be searched again (a final FS is searched
	 * again, its CR may still come).
	 */
	private int findEnd(ByteBuf in, int from) {
		int limit = in.writerIndex();
		int i = from;
		while (i < limit) {
			int fs = in.indexOf(i, limit, END);
			if (fs < 0) {
				break;
			}
			if (fs + 1 == limit) {
				searched = fs - in.readerIndex();
				return -1;
			}
			if (in.getByte(fs + 1) == CR) {
				return fs;
			}
			i = fs + 1;
		}
		searched = in.readableBytes();
		return -1;
	}

	static AtomicInteger awaiting(ChannelHandlerContext ctx) {
		AtomicInteger count = ctx.channel().attr(AWAITING_ANSWER).get();
		if (count == null) {
			count = new AtomicInteger();
			AtomicInteger existing = ctx.channel().attr(AWAITING_ANSWER).setIfAbsent(count);
			return existing == null ? count : existing;
		}
		return count;
	}

	/** What was sent instead of a frame, for the log line (never the bytes themselves: they may be a message). */
	static String kindOf(ByteBuf in) {
		int n = Math.min(in.readableBytes(), 8);
		byte[] first = new byte[n];
		in.getBytes(in.readerIndex(), first);
		String text = new String(first, StandardCharsets.ISO_8859_1);
		if (n >= 2 && first[0] == 0x16 && first[1] == 0x03) {
			return "a TLS handshake (the listener speaks plain MLLP)";
		}
		for (String method : new String[] {"GET ", "POST ", "PUT ", "HEAD ", "OPTIONS ", "DELETE ", "PATCH ",
				"CONNECT ", "PRI "}) {
			if (text.startsWith(method)) {
				return "an HTTP request";
			}
		}
		if (text.startsWith("MSH") || text.startsWith("FHS") || text.startsWith("BHS")) {
			return "HL7 without MLLP framing";
		}
		return "bytes starting 0x" + String.format("%02x", first.length == 0 ? 0 : first[0] & 0xff);
	}
}
