package org.countyhub.feeds.intake;

import java.nio.charset.Charset;
import org.countyhub.feeds.hl7.RawHeader;

/**
 * The journal key (unit + control id) a received frame is kept under. A frame with a control id the parser can
 * read is keyed by MSH-4 + MSH-10 as sent, so re-deliveries meet their entry. A frame without one — MSH-10 blank
 * (spaces, tabs, U+3000) or MSH-1/MSH-2 declaring no delimiters, so MSH-10 cannot be found — gets a control id made
 * from the SHA-256 of its bytes: two different frames never share an entry, the same bytes sent again meet theirs,
 * and the operator finds it by its prefix.
 */
record FrameKey(String unit, String controlId) {

	/** The unit of a frame whose MSH-4 cannot be read. */
	static final String UNKNOWN_UNIT = "?";
	/** Prefix of the generated control id of a frame whose MSH-10 is blank. */
	static final String BLANK_CONTROL_ID = "no-control-id#";
	/** Prefix of the generated control id of a frame without readable delimiters (or without MSH). */
	static final String UNREADABLE_HEADER = "unreadable-header#";

	/** @param charset the charset MSH-10 is read in (the one the ACK is written in) */
	static FrameKey of(byte[] raw, RawHeader header, Charset charset) {
		if (!header.declaresDelimiters()) {
			// MSH-4 read with a wrong separator names no unit, even when it looks like one
			return new FrameKey(UNKNOWN_UNIT, UNREADABLE_HEADER + JournalKey.digest(raw));
		}
		String unit = header.sendingFacility().isEmpty() ? UNKNOWN_UNIT
				: JournalKey.fit(header.sendingFacility(), ReceivedMessages.MAX_UNIT);
		if (header.parsedControlId(charset).isBlank()) {
			return new FrameKey(unit, BLANK_CONTROL_ID + JournalKey.digest(raw));
		}
		return new FrameKey(unit, JournalKey.fit(header.controlId(), ReceivedMessages.MAX_CONTROL_ID));
	}
}
