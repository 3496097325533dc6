package org.countyhub.server.pacs;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether each unit's PACS answered its last poll. A PACS that is down is logged once when it stops answering and
 * once when it answers again, not at every poll: a stack trace per tick buried everything else in the log while a
 * township's PACS was switched off for the night.
 */
final class PacsReachability {

	private static final Logger log = LoggerFactory.getLogger(PacsReachability.class);

	private final Set<String> unreachable = ConcurrentHashMap.newKeySet();

	/** The poll of this PACS failed to reach it; true when this is news (and was logged). */
	boolean failed(String unit, String endpointId, Exception cause) {
		boolean news = unreachable.add(endpointId);
		if (news) {
			log.warn("PACS {} ({}) does not answer: {}; polled again at its interval, logged again when it answers",
					unit, endpointId, cause.getClass().getSimpleName());
		}
		return news;
	}

	/** The poll of this PACS reached it; true when it had not answered before (and that was logged). */
	boolean answered(String unit, String endpointId) {
		boolean back = unreachable.remove(endpointId);
		if (back) {
			log.info("PACS {} ({}) answers again", unit, endpointId);
		}
		return back;
	}
}
