package org.countyhub.server.validation;

import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' view of the feed output judged after the ACK ({@code feed-output: after-ack}): what did not conform to
 * the guide (resource version, source message, where it fails), and how much waits. Findings can quote a
 * patient's record: like every {@code /admin} endpoint this sits behind the hub's authentication.
 */
@RestController
@RequestMapping("/admin/feeds/checks")
class FeedOutputCheckController {

	private final OutputCheckTable table;

	FeedOutputCheckController(OutputCheckTable table) {
		this.table = table;
	}

	@GetMapping
	List<OutputCheckTable.Row> list(
			@RequestParam(defaultValue = "NON_CONFORMING") OutputCheckTable.State state,
			@RequestParam(defaultValue = "100") int limit) {
		return table.rows(state, Math.min(limit, 1000));
	}

	@GetMapping("/counts")
	Map<OutputCheckTable.State, Long> counts() {
		return table.counts();
	}
}
