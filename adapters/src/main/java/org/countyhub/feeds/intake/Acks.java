package org.countyhub.feeds.intake;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;
import org.countyhub.feeds.hl7.Delimiters;
import org.countyhub.feeds.hl7.RawHeader;

/**
 * Original-mode acknowledgments: {@code AA} after commit, {@code AE}/{@code AR} with the reason in MSA-3 (cut to
 * its 80 characters) and ERR (code in ERR-3 from table 0357, the whole text in ERR-8; ERR-1 too, for 2.3/2.4
 * receivers). Encoded in the charset the sender used, with the sender's MSH-18 echoed.
 */
public final class Acks {

	private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");
	private static final AtomicLong SEQUENCE = new AtomicLong();

	private final String application;
	private final String facility;
	private final ZoneId zone;

	/** @param application MSH-3 and @param facility MSH-4 of the hub in its ACKs */
	public Acks(String application, String facility, ZoneId zone) {
		this.application = application;
		this.facility = facility;
		this.zone = zone;
	}

	public byte[] accept(RawHeader h, Charset charset) {
		return build(h, "AA", null, null, charset);
	}

	public byte[] reject(RawHeader h, String code, String hl7ErrorCode, String text, Charset charset) {
		return build(h, code, hl7ErrorCode, text, charset);
	}

	/**
	 * The ACK is assembled one char per byte: the hub's own text is encoded in the sender's charset first, the
	 * values echoed from the sender's MSH are its bytes unchanged (escaped only when it uses other separators).
	 */
	private byte[] build(RawHeader h, String code, String errorCode, String text, Charset charset) {
		Delimiters d = Delimiters.STANDARD;
		StringBuilder ack = new StringBuilder(256);
		ack.append(own("MSH|^~\\&|" + application + '|' + facility + '|', charset))
				.append(echo(h, h.sendingApplication())).append('|')
				.append(echo(h, h.sendingFacility())).append('|')
				.append(ZonedDateTime.now(zone).format(TS)).append("||ACK");
		if (!h.triggerEvent().isEmpty()) {
			ack.append('^').append(echo(h, h.triggerEvent())).append("^ACK");
		}
		ack.append('|').append("HUB").append(System.currentTimeMillis()).append('.').append(SEQUENCE.incrementAndGet())
				.append('|').append(h.processingId().isEmpty() ? "P" : echo(h, h.processingId()))
				.append('|').append(h.version().isEmpty() ? "2.5.1" : echo(h, h.version()));
		if (!h.charsetName().isEmpty()) {
			ack.append("||||||").append(echo(h, h.charsetName()));
		}
		ack.append('\r');
		ack.append("MSA|").append(code).append('|').append(echo(h, h.controlId()));
		if (text != null) {
			String shortText = text.length() > 80 ? text.substring(0, 80) : text;
			ack.append('|').append(own(d.escapeText(shortText), charset));
			ack.append('\r');
			String errorText = errorText(errorCode);
			ack.append("ERR|^^^").append(errorCode).append('&').append(errorText).append("&HL70357")
					.append("||").append(errorCode).append('^').append(errorText).append("^HL70357")
					.append("|E||||").append(own(d.escapeText(text), charset));
		}
		ack.append('\r');
		return RawHeader.bytes(ack.toString());
	}

	/** The hub's own text, as the bytes of the sender's charset (one char per byte). */
	private static String own(String text, Charset charset) {
		return new String(text.getBytes(charset), StandardCharsets.ISO_8859_1);
	}

	/** A value from the sender's MSH as it sent it (one char per byte). */
	private static String echo(RawHeader h, String value) {
		return h.standardEncoding() ? value : Delimiters.STANDARD.escapeText(value);
	}

	/** HL7 table 0357. */
	private static String errorText(String code) {
		return switch (code) {
			case "100" -> "Segment sequence error";
			case "101" -> "Required field missing";
			case "102" -> "Data type error";
			case "103" -> "Table value not found";
			case "200" -> "Unsupported message type";
			case "201" -> "Unsupported event code";
			case "203" -> "Unsupported version id";
			case "204" -> "Unknown key identifier";
			case "205" -> "Duplicate key identifier";
			case "206" -> "Application record locked";
			default -> "Application internal error";
		};
	}
}
