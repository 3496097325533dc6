package org.countyhub.feeds.hl7;

/** The bytes are not an HL7 v2 message the hub can read. Answered with AR. */
public class Hl7ParseException extends RuntimeException {

	public Hl7ParseException(String message) {
		super(message);
	}
}
