package org.countyhub.server.feeds;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** A real MLLP sender, as a member unit's interface engine is: one TCP connection, message, wait for the ACK. */
public final class MllpClient implements AutoCloseable {

	private final Socket socket;
	private final OutputStream out;
	private final InputStream in;

	public MllpClient(int port) {
		this("localhost", port);
	}

	/** A connection to the hub at this address (to send from the local address the route to it picks). */
	public MllpClient(String host, int port) {
		this(host, port, java.time.Duration.ofMinutes(2));
	}

	/** A connection that waits up to {@code answer} for each ACK (a message that takes long on a loaded machine). */
	public MllpClient(String host, int port, java.time.Duration answer) {
		try {
			socket = new Socket(host, port);
			socket.setSoTimeout((int) answer.toMillis());
			socket.setTcpNoDelay(true);
			out = socket.getOutputStream();
			in = socket.getInputStream();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Sends the bytes framed (VT ... FS CR) and returns the ACK's bytes, unframed. */
	public byte[] send(byte[] message) {
		try {
			byte[] framed = new byte[message.length + 3];
			framed[0] = 0x0b;
			System.arraycopy(message, 0, framed, 1, message.length);
			framed[message.length + 1] = 0x1c;
			framed[message.length + 2] = 0x0d;
			out.write(framed);
			out.flush();
			int b = in.read();
			if (b != 0x0b) {
				throw new IOException("ACK does not start with VT but " + b);
			}
			ByteArrayOutputStream ack = new ByteArrayOutputStream();
			while ((b = in.read()) != 0x1c) {
				if (b < 0) {
					throw new IOException("connection closed before the end of the ACK");
				}
				ack.write(b);
			}
			if (in.read() != 0x0d) {
				throw new IOException("ACK not terminated with FS CR");
			}
			return ack.toByteArray();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public Ack send(String message, Charset charset) {
		return new Ack(new String(send(message.getBytes(charset)), charset));
	}

	public Ack send(String message) {
		return send(message, StandardCharsets.UTF_8);
	}

	@Override
	public void close() {
		try {
			socket.close();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** An ACK as text, with its MSA fields. */
	public record Ack(String text) {

		public String code() {
			return field("MSA", 1);
		}

		public String controlId() {
			return field("MSA", 2);
		}

		public String reason() {
			return field("MSA", 3);
		}

		public String err() {
			return segment("ERR");
		}

		public String field(String segment, int n) {
			String s = segment(segment);
			if (s == null) {
				return null;
			}
			String[] fields = s.split("\\|", -1);
			int index = segment.equals("MSH") ? n - 1 : n;
			return index < fields.length ? fields[index] : "";
		}

		public String segment(String name) {
			for (String s : text.split("\r")) {
				if (s.startsWith(name + "|")) {
					return s;
				}
			}
			return null;
		}
	}
}
