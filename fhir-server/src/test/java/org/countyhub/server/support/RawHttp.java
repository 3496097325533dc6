package org.countyhub.server.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 written byte for byte on a socket, for requests that HTTP client libraries refuse to send (an
 * unencoded character, a hostile Host header, a malformed ETag). The request must say {@code Connection: close}.
 */
public final class RawHttp {

	private RawHttp() {}

	public static Response exchange(int port, String request) throws IOException {
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(60_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			return Response.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
	}

	/** A raw HTTP/1.1 response (Connection: close; chunked bodies are de-chunked). */
	public record Response(int status, String headers, String body) {

		static Response of(String raw) {
			int split = raw.indexOf("\r\n\r\n");
			String head = split < 0 ? raw : raw.substring(0, split);
			String body = split < 0 ? "" : raw.substring(split + 4);
			if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
				body = dechunk(body);
			}
			return new Response(Integer.parseInt(head.substring(9, 12)), head, body);
		}

		public String contentType() {
			return headers.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-type:")).findFirst()
					.orElse("");
		}

		private static String dechunk(String chunked) {
			StringBuilder body = new StringBuilder();
			byte[] bytes = chunked.getBytes(StandardCharsets.UTF_8);
			int i = 0;
			while (i < bytes.length) {
				int lineEnd = indexOfCrlf(bytes, i);
				int size = Integer.parseInt(new String(bytes, i, lineEnd - i, StandardCharsets.US_ASCII).trim(), 16);
				if (size == 0) {
					break;
				}
				body.append(new String(bytes, lineEnd + 2, size, StandardCharsets.UTF_8));
				i = lineEnd + 2 + size + 2;
			}
			return body.toString();
		}

		private static int indexOfCrlf(byte[] b, int from) {
			for (int i = from; i < b.length - 1; i++) {
				if (b[i] == '\r' && b[i + 1] == '\n') {
					return i;
				}
			}
			return b.length;
		}
	}
}
