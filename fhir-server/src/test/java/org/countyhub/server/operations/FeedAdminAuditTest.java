package org.countyhub.server.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.countyhub.server.audit.AuditTrail;
import org.countyhub.server.audit.FeedAccessAudit;
import org.countyhub.server.feeds.FeedMessages;
import org.countyhub.server.feeds.MllpClient;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.support.HubServerTest;
import org.junit.jupiter.api.Test;

/**
 * The operators' JSON endpoints leave the same access records as the console: reading a journal entry and
 * replaying it each append a record naming the operator and the message (unit + control id) to the audit trail.
 */
class FeedAdminAuditTest extends HubServerTest {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void readingAndReplayingAJournalEntryThroughTheApiAreAccessRecordsOfTheOperator() throws Exception {
		String control = FeedMessages.unique("C");
		try (MllpClient mllp = new MllpClient(mllpPort())) {
			// an order with neither ORC nor OBR: AE, kept for replay
			assertThat(mllp.send("MSH|^~\\&|HIS|WSY02|COUNTYHUB|SFXYGT|20250301080000||ORM^O01^ORM_O01|" + control
					+ "|P|2.4||||||UNICODE UTF-8\rPID|1||" + FeedMessages.unique("M") + "^^^WSY02^MR||钱^八\r",
					StandardCharsets.UTF_8).code()).isEqualTo("AE");
		}
		String operator = bearerAs(Roles.OPERATOR);
		String failed = call("GET", "/admin/feeds/messages?status=FAILED&limit=1000", operator);
		Matcher id = Pattern.compile("\"id\":(\\d+),\"unit\":\"WSY02\",\"controlId\":\"" + control + "\"")
				.matcher(failed);
		assertThat(id.find()).as(failed).isTrue();

		assertThat(call("GET", "/admin/feeds/messages/" + id.group(1), operator)).contains(control);
		assertThat(call("POST", "/admin/feeds/messages/" + id.group(1) + "/replay", operator)).contains("\"ackCode\":\"AE\"");

		AuditTrail.Row read = newest(FeedAccessAudit.READ, control);
		AuditTrail.Row replay = newest(FeedAccessAudit.REPLAY, control);
		assertThat(read.actor()).isEqualTo("test-operator@");
		assertThat(read.unit()).isEqualTo("WSY02");
		assertThat(read.event()).contains("channel:api", "ORM^O01");
		assertThat(replay.actor()).isEqualTo("test-operator@");
		assertThat(replay.outcome()).isEqualTo("4");
		assertThat(replay.event()).contains("the replay was answered AE");
		assertThat(context().getBean(AuditTrail.class).verify().intact()).isTrue();
	}

	private AuditTrail.Row newest(String action, String control) {
		List<AuditTrail.Row> rows = context().getBean(AuditTrail.class).latest(50, Optional.empty(),
				Optional.of(action), Optional.empty(), Optional.empty());
		return rows.stream().filter(r -> r.event().contains(control)).findFirst()
				.orElseThrow(() -> new AssertionError("no " + action + " record of " + control));
	}

	private String call(String method, String path, String bearer) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
				.method(method, HttpRequest.BodyPublishers.noBody()).header("Authorization", bearer).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		// the hub pretty-prints JSON: compared without the white space (the values here have none)
		return response.body().replaceAll("\\s", "");
	}
}
