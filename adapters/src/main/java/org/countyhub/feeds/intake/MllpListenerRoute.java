package org.countyhub.feeds.intake;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.Exchange;
import org.apache.camel.component.hl7.HL7MLLPNettyEncoderFactory;
import org.apache.camel.component.netty.NettyComponent;
import org.countyhub.feeds.mllp.MllpLimits;
import org.countyhub.feeds.mllp.OversizedFrame;

/**
 * The one MLLP listener every member unit sends to. The hub's own framing ({@link MllpLimits}) hands over the
 * raw bytes, undecoded: the charset is only known from MSH-18 or the sending unit, which the intake reads from
 * the bytes. Many connections are served at once, each message answered on its connection (camel-hl7's encoder
 * frames the answers). A frame over the maximum is answered AR without being processed.
 */
public final class MllpListenerRoute extends RouteBuilder {

	public static final String ROUTE_ID = "mllp-listener";

	private final String host;
	private final int port;
	private final int maxConcurrent;
	private final MllpLimits limits;
	private final FeedIntake intake;

	/** @param port the port to listen on; 0 = a free port chosen at start (tests), see {@link #port()} */
	public MllpListenerRoute(String host, int port, int maxConcurrent, MllpLimits limits, FeedIntake intake) {
		this.host = host;
		this.port = port == 0 ? freePort() : port;
		this.maxConcurrent = maxConcurrent;
		this.limits = limits;
		this.intake = intake;
	}

	/** The port the listener is bound to. */
	public int port() {
		return port;
	}

	private static int freePort() {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		} catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException("no free port for the MLLP listener", e);
		}
	}

	@Override
	public void configure() {
		HL7MLLPNettyEncoderFactory encoder = new HL7MLLPNettyEncoderFactory();
		getCamelContext().getRegistry().bind("hubMllpIdleGuard", limits.idleGuard());
		getCamelContext().getRegistry().bind("hubMllpFraming", limits.framing());
		getCamelContext().getRegistry().bind("hubMllpEncoder", encoder);
		// threads that process messages (Netty's I/O threads only frame them): one per concurrent connection
		getCamelContext().getComponent("netty", NettyComponent.class).setMaximumPoolSize(maxConcurrent);

		from("netty:tcp://" + host + ":" + port
						+ "?sync=true&textline=false&allowDefaultCodec=false"
						+ "&decoders=#hubMllpIdleGuard,#hubMllpFraming&encoders=#hubMllpEncoder"
						+ "&reuseAddress=true&keepAlive=true&tcpNoDelay=true"
						+ "&usingExecutorService=true")
				.routeId(ROUTE_ID)
				.routeConfigurationId(FeedRouteConfiguration.FEED)
				.choice()
					.when(body().isInstanceOf(OversizedFrame.class)).process(this::refuseOversized)
					.otherwise().to(FeedIntakeRoute.ENDPOINT)
				.end();
	}

	private void refuseOversized(Exchange exchange) {
		FeedIntake.Nak nak = intake.oversized(exchange.getMessage().getBody(OversizedFrame.class));
		exchange.getMessage().setHeader(FeedIntakeRoute.ACK_CODE, nak.code());
		exchange.getMessage().setBody(nak.bytes());
	}
}
