package org.countyhub.server.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.countyhub.profiles.HubMsg;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' view of matching that does not keep up: unit Patients without a person (golden record) whose last
 * write is older than {@code older-than} (default {@code hub.identity.unlinked-after}), longest waiting first, with
 * the registering unit. Ids and times only, no names: operators watch the hub, they do not treat patients.
 * Like every {@code /admin} endpoint it needs the operator role.
 */
@RestController
@ConditionalOnProperty(prefix = "hub.identity", name = "enabled", havingValue = "true", matchIfMissing = true)
@RequestMapping("/admin/identity/unlinked")
class UnlinkedPatientsController {

	/** The answer: the cut-off used, how many Patients wait beyond it, the oldest, and the first {@code limit}. */
	record Answer(String olderThan, long count, Instant oldest, List<UnlinkedPatients.Row> patients) {}

	private final UnlinkedPatients unlinked;
	private final IdentityProperties properties;

	UnlinkedPatientsController(UnlinkedPatients unlinked, IdentityProperties properties) {
		this.unlinked = unlinked;
		this.properties = properties;
	}

	@GetMapping
	Answer list(@RequestParam(name = "older-than", required = false) String olderThan,
			@RequestParam(defaultValue = "100") int limit) {
		Duration age = olderThan == null ? properties.unlinkedAfter() : duration(olderThan);
		if (limit < 1 || limit > 1000) {
			throw new IllegalArgumentException(HubMsg.code(3021) + "limit must be between 1 and 1000, was " + limit);
		}
		UnlinkedPatients.Backlog backlog = unlinked.backlog(age);
		return new Answer(age.toString(), backlog.count(), backlog.oldest(), unlinked.olderThan(age, limit));
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
		return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON).body(Map.of("error", e.getMessage()));
	}

	private static Duration duration(String text) {
		try {
			Duration age = DurationStyle.detectAndParse(text);
			if (!age.isNegative()) {
				return age;
			}
		} catch (IllegalArgumentException e) {
			// answered below with the hub's code
		}
		throw new IllegalArgumentException(HubMsg.code(3020)
				+ "older-than must be a duration such as 10m, 2h or PT30M, not '" + text + "'");
	}
}
