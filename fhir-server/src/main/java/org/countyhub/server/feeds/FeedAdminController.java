package org.countyhub.server.feeds;

import java.util.List;
import java.util.Map;
import org.countyhub.feeds.intake.FeedReplay;
import org.countyhub.feeds.intake.ReceivedMessages;
import org.countyhub.profiles.HubMsg;
import org.countyhub.server.audit.FeedAccessAudit;
import org.countyhub.server.security.token.HubCaller;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' view of the feed journal: list messages by status (failed ones by default), look at one, replay one
 * or all of a status after fixing a mapping. Replays go through the same intake as live messages. Reading an entry
 * (its error may quote the message) and each replay are access records ({@link FeedAccessAudit}).
 */
@RestController
@RequestMapping("/admin/feeds/messages")
class FeedAdminController {

	private final ReceivedMessages journal;
	private final FeedReplay replay;
	private final FeedAccessAudit audit;

	FeedAdminController(ReceivedMessages journal, FeedReplay replay, FeedAccessAudit audit) {
		this.journal = journal;
		this.replay = replay;
		this.audit = audit;
	}

	@GetMapping
	List<ReceivedMessages.Entry> list(
			@RequestParam(defaultValue = "FAILED") ReceivedMessages.Status status,
			@RequestParam(defaultValue = "100") int limit) {
		return journal.list(status, Math.min(limit, 1000));
	}

	@GetMapping("/{id}")
	ResponseEntity<?> one(@PathVariable long id) {
		return journal.find(id).<ResponseEntity<?>>map(entry -> {
			audit.read(caller(), entry, "api");
			return ResponseEntity.ok(entry);
		}).orElseGet(() -> notFound(id));
	}

	@PostMapping("/{id}/replay")
	ResponseEntity<?> replayOne(@PathVariable long id) {
		return journal.find(id).flatMap(entry -> replayed(entry))
				.<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> notFound(id));
	}

	@PostMapping("/replay")
	List<FeedReplay.Outcome> replayAll(
			@RequestParam(defaultValue = "FAILED") ReceivedMessages.Status status,
			@RequestParam(defaultValue = "1000") int limit) {
		return journal.list(status, Math.min(limit, 10_000)).stream()
				.flatMap(entry -> replayed(entry).stream()).toList();
	}

	private java.util.Optional<FeedReplay.Outcome> replayed(ReceivedMessages.Entry entry) {
		java.util.Optional<FeedReplay.Outcome> outcome = replay.replay(entry.id());
		outcome.ifPresent(o -> audit.replayed(caller(), entry, "api", o.ackCode() == null ? "AE" : o.ackCode()));
		return outcome;
	}

	private static String caller() {
		return HubCaller.current().map(HubCaller::subject).orElse("unknown");
	}

	private static ResponseEntity<Map<String, String>> notFound(long id) {
		return ResponseEntity.status(404).body(Map.of("error", HubMsg.code(2020) + "no received message " + id));
	}
}
