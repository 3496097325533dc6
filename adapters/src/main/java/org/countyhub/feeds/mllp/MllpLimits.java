package org.countyhub.feeds.mllp;

import io.netty.channel.ChannelHandler;
import java.time.Duration;
import org.apache.camel.component.netty.DefaultChannelHandlerFactory;

/**
 * What one MLLP connection may cost the hub: the longest frame it keeps and how long it may stay silent. Makes
 * the listener's per-connection handlers (Netty needs new ones for each connection).
 *
 * @param maxFrameBytes the longest frame kept and processed; a longer one is answered AR and dropped
 * @param idleTimeout   a connection that sends nothing for this long, and waits for no answer, is closed
 */
public record MllpLimits(int maxFrameBytes, Duration idleTimeout) {

	public MllpLimits {
		if (maxFrameBytes < 1) {
			throw new IllegalArgumentException("the maximum frame must be at least one byte");
		}
		if (idleTimeout.isNegative() || idleTimeout.isZero()) {
			throw new IllegalArgumentException("the idle timeout must be positive");
		}
	}

	/** Makes the framing of each new connection. */
	public ChannelHandler framing() {
		return new DefaultChannelHandlerFactory() {
			@Override
			public ChannelHandler newChannelHandler() {
				return new MllpFrameDecoder(maxFrameBytes);
			}
		};
	}

	/** Makes the idle guard of each new connection (before the framing). */
	public ChannelHandler idleGuard() {
		return new DefaultChannelHandlerFactory() {
			@Override
			public ChannelHandler newChannelHandler() {
				return new MllpIdleGuard(idleTimeout);
			}
		};
	}
}
