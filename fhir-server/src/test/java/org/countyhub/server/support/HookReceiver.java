package org.countyhub.server.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A member unit's notification endpoint for the tests: a real HTTP server (the JDK's) on a free loopback port
 * that records every rest-hook POST it receives from the hub's Subscriptions.
 */
public final class HookReceiver implements AutoCloseable {

	/** One delivery: the path it was posted to and its body. */
	public record Delivery(String path, String body) {}

	private final HttpServer server;
	private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

	public HookReceiver() {
		try {
			server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		server.createContext("/", exchange -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			deliveries.add(new Delivery(exchange.getRequestURI().getPath(), new String(body, StandardCharsets.UTF_8)));
			// no kept-alive connections: the hub's HTTP client reusing one this server had already dropped got
			// "failed to respond" and retried the delivery after the test had ended
			exchange.getResponseHeaders().add("Connection", "close");
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		server.start();
	}

	/** Base URL for a Subscription's channel.endpoint. */
	public String url() {
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
	}

	public List<Delivery> deliveries() {
		return List.copyOf(deliveries);
	}

	@Override
	public void close() {
		server.stop(0);
	}
}
