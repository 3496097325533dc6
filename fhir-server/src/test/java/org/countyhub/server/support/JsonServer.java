package org.countyhub.server.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Another party's documents on a free loopback port (the JDK's HTTP server): a county's OpenID provider with its
 * discovery document and keys, or a unit's system publishing the public key it signs its assertions with.
 */
public final class JsonServer implements AutoCloseable {

	private final HttpServer server;

	private JsonServer(HttpServer server) {
		this.server = server;
	}

	public static JsonServer start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.start();
			return new JsonServer(server);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Answers GET {@code path} with this JSON. */
	public JsonServer serve(String path, String json) {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		server.createContext(path, exchange -> {
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		return this;
	}

	public String url(String path) {
		return "http://127.0.0.1:" + server.getAddress().getPort() + path;
	}

	@Override
	public void close() {
		server.stop(0);
	}

	/** A new RSA key pair (2048 bits) under this key id. */
	public static RSAKey newRsaKey(String kid) {
		try {
			return new RSAKeyGenerator(2048).keyID(kid).generate();
		} catch (JOSEException e) {
			throw new IllegalStateException(e);
		}
	}

	/** The JWK set that publishes only the public half of the key. */
	public static String publicJwks(RSAKey key) {
		return new JWKSet(key.toPublicJWK()).toString();
	}
}
