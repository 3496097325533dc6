package org.countyhub.feeds.mllp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection on which the sender sent nothing for the idle timeout — idle between messages or stopped
 * half-way through a frame — unless it is waiting for the hub's answer (a long message may take a while to
 * process; that is the hub's time, not the sender's). Sits before the framing, so every byte counts as activity;
 * counts the answers it sees written.
 */
final class MllpIdleGuard extends IdleStateHandler {

	private static final Logger log = LoggerFactory.getLogger(MllpIdleGuard.class);

	private final Duration timeout;

	MllpIdleGuard(Duration timeout) {
		super(false, timeout.toMillis(), 0, 0, TimeUnit.MILLISECONDS);
		this.timeout = timeout;
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
		MllpFrameDecoder.awaiting(ctx).updateAndGet(n -> Math.max(0, n - 1));
		super.write(ctx, msg, promise);
	}

	@Override
	protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
		if (evt.state() == IdleState.READER_IDLE && MllpFrameDecoder.awaiting(ctx).get() == 0) {
			log.info("MLLP connection from {} closed: nothing received for {}", ctx.channel().remoteAddress(),
					timeout);
			ctx.close();
		}
	}
}
