package org.countyhub.feeds.fhir;

import org.countyhub.profiles.HubMsg;

/**
 * A message the hub keeps but cannot apply: answered with {@code AE} (well formed, not applicable) or {@code AR}
 * (cannot be read or is not supported), with an HL7 error code (table 0357) and a {@code HUB-2nnn} message.
 */
public class FeedException extends RuntimeException {

	/** The acknowledgment a failure gets. */
	public enum Ack {
		AE,
		AR
	}

	private final Ack ack;
	private final String hl7ErrorCode;

	public FeedException(Ack ack, int hubCode, String hl7ErrorCode, String message) {
		this(ack, hubCode, hl7ErrorCode, message, null);
	}

	public FeedException(Ack ack, int hubCode, String hl7ErrorCode, String message, Throwable cause) {
		super(HubMsg.code(hubCode) + message, cause);
		this.ack = ack;
		this.hl7ErrorCode = hl7ErrorCode;
	}

	public Ack ack() {
		return ack;
	}

	/** HL7 table 0357 code for ERR-3 (e.g. 101 required field missing, 200 unsupported message type). */
	public String hl7ErrorCode() {
		return hl7ErrorCode;
	}

	/** The message has no PID segment, which every feed needs: AE, 100. */
	public static FeedException noPatient(String messageType) {
		return new FeedException(Ack.AE, 2011, "100", messageType + " has no PID segment");
	}

	/** A required field is missing or unusable: AE, 101. */
	public static FeedException missing(int hubCode, String what) {
		return new FeedException(Ack.AE, hubCode, "101", what);
	}
}
