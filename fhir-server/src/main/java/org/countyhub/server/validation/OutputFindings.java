package org.countyhub.server.validation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.countyhub.profiles.HubSystems;
import org.springframework.stereotype.Component;

/**
 * The after-ACK conformance checker's results as the operators' pages read them: the backlog by state, and each
 * finding with the unit and control id of the message that wrote the version (from its {@code meta.source}).
 */
@Component
public class OutputFindings {

	/** A stored version that does not conform (or could not be checked), and the message that wrote it. */
	public record Finding(String resource, long version, String unit, String controlId, boolean uncheckable,
			String rule, String location, String text, Instant checkedAt) {

		public String versionedId() {
			return resource + "/_history/" + version;
		}
	}

	private final OutputCheckTable table;

	OutputFindings(OutputCheckTable table) {
		this.table = table;
	}

	/** Rows per state: PENDING, CHECKING, NON_CONFORMING, UNCHECKABLE. */
	public Map<String, Long> backlog() {
		Map<String, Long> counts = new TreeMap<>();
		table.counts().forEach((state, count) -> counts.put(state.name(), count));
		return counts;
	}

	/** The findings, oldest first, at most {@code limit} of each kind. */
	public List<Finding> findings(int limit) {
		List<Finding> findings = new ArrayList<>();
		for (OutputCheckTable.State state : List.of(OutputCheckTable.State.NON_CONFORMING,
				OutputCheckTable.State.UNCHECKABLE)) {
			for (OutputCheckTable.Row row : table.rows(state, limit)) {
				String[] message = message(row.source());
				findings.add(new Finding(row.resource(), row.version(), message[0], message[1],
						state == OutputCheckTable.State.UNCHECKABLE,
						row.messageId() == null ? "" : row.messageId(), row.location(), row.finding(), row.checkedAt()));
			}
		}
		return findings;
	}

	/** Unit and control id of {@code <feed base><unit>/<MSH-10, URL-escaped>}; empty strings when not a feed's. */
	static String[] message(String source) {
		if (source == null || !source.startsWith(HubSystems.FEED_SOURCE)) {
			return new String[] {"", ""};
		}
		String rest = source.substring(HubSystems.FEED_SOURCE.length());
		// the JPA server may add "#<request id>" to meta.source
		int hash = rest.indexOf('#');
		rest = hash < 0 ? rest : rest.substring(0, hash);
		int slash = rest.indexOf('/');
		if (slash < 0) {
			return new String[] {rest, ""};
		}
		return new String[] {rest.substring(0, slash),
				java.net.URLDecoder.decode(rest.substring(slash + 1), java.nio.charset.StandardCharsets.UTF_8)};
	}
}
