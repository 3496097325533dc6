package org.countyhub.feeds.intake;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.hl7.HL7MLLPNettyDecoderFactory;
import org.apache.camel.component.hl7.HL7MLLPNettyEncoderFactory;
import org.apache.camel.component.netty.NettyComponent;

/**
 * The one MLLP listener every member unit sends to. camel-hl7's MLLP codec frames the messages on Netty and
 * hands over the raw bytes, undecoded: the charset is only known from MSH-18 or the sending unit, which the
 * intake reads from the bytes. Many connections are served at once, each message answered on its connection.
 */
public final class MllpListenerRoute extends RouteBuilder {

	public static final String ROUTE_ID = "mllp-listener";

	private final String host;
	private final int port;
	private final int maxConcurrent;

	/** @param port the port to listen on; 0 = a free port chosen at start (tests), see {@link #port()} */
	public MllpListenerRoute(String host, int port, int maxConcurrent) {
		this.host = host;
		this.port = port == 0 ? freePort() : port;
		this.maxConcurrent = maxConcurrent;
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
		HL7MLLPNettyDecoderFactory decoder = new HL7MLLPNettyDecoderFactory();
		decoder.setProduceString(false);
		HL7MLLPNettyEncoderFactory encoder = new HL7MLLPNettyEncoderFactory();
		getCamelContext().getRegistry().bind("hubMllpDecoder", decoder);
		getCamelContext().getRegistry().bind("hubMllpEncoder", encoder);
		// threads that process messages (Netty's I/O threads only frame them): one per concurrent connection
		getCamelContext().getComponent("netty", NettyComponent.class).setMaximumPoolSize(maxConcurrent);

		from("netty:tcp://" + host + ":" + port
						+ "?sync=true&textline=false&allowDefaultCodec=false"
						+ "&decoders=#hubMllpDecoder&encoders=#hubMllpEncoder"
						+ "&reuseAddress=true&keepAlive=true&tcpNoDelay=true"
						+ "&usingExecutorService=true")
				.routeId(ROUTE_ID)
				.routeConfigurationId(FeedRouteConfiguration.FEED)
				.to(FeedIntakeRoute.ENDPOINT);
	}
}
