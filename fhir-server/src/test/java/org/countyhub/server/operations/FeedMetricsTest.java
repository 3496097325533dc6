package org.countyhub.server.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.countyhub.server.feeds.MllpClient;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.support.HubServerTest;
import org.countyhub.server.support.Tokens;
import org.junit.jupiter.api.Test;

/**
 * What a county's Prometheus scrapes: each unit's messages by outcome in the last hour and how long its feed has
 * been silent, read by the monitoring system's own token, which opens nothing else.
 */
class FeedMetricsTest extends HubServerTest {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void aUnitsAcceptedAndRefusedMessagesAndItsSilenceAreScrapedWithTheMonitoringToken() throws Exception {
		String scraper = "Bearer " + Tokens.metricsScraper(context());
		double acceptedBefore = gauge(scrape(scraper), "hub_feed_messages", "WSY02", "accepted", "1h");
		double errorsBefore = gauge(scrape(scraper), "hub_feed_messages", "WSY02", "error", "1h");

		String mrn = "M" + UUID.randomUUID().toString().substring(0, 8);
		try (MllpClient mllp = new MllpClient(mllpPort())) {
			assertThat(mllp.send(msh("ADT^A04^ADT_A01") + "PID|1||" + mrn + "^^^WSY02^MR||钱^八||19700303|F\r",
					StandardCharsets.UTF_8).code()).isEqualTo("AA");
			// an order with neither ORC nor OBR: AE, kept for replay
			assertThat(mllp.send(msh("ORM^O01^ORM_O01") + "PID|1||" + mrn + "^^^WSY02^MR||钱^八\r",
					StandardCharsets.UTF_8).code()).isEqualTo("AE");
		}

		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
			String metrics = scrape(scraper);
			assertThat(gauge(metrics, "hub_feed_messages", "WSY02", "accepted", "1h")).isGreaterThanOrEqualTo(acceptedBefore + 1);
			assertThat(gauge(metrics, "hub_feed_messages", "WSY02", "error", "1h")).isGreaterThanOrEqualTo(errorsBefore + 1);
			assertThat(gauge(metrics, "hub_feed_last_received_age_seconds", "WSY02", null, null)).isBetween(0.0, 120.0);
		});
	}

	@Test
	void theMetricsAreForOperatorsAndTheMonitoringSystemWhoseTokenOpensNothingElse() throws Exception {
		String scraper = "Bearer " + Tokens.metricsScraper(context());
		assertThat(get("/actuator/prometheus", bearerAs(Roles.OPERATOR)).statusCode()).isEqualTo(200);
		assertThat(get("/actuator/prometheus", bearerAs(Roles.CLINICIAN)).statusCode()).isEqualTo(403);
		assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(401);
		for (String elsewhere : List.of("/fhir/Observation", "/fhir/Organization", "/actuator/metrics", "/admin/feeds/messages")) {
			assertThat(get(elsewhere, scraper).statusCode()).as(elsewhere).isEqualTo(403);
		}
	}

	private String scrape(String bearer) throws Exception {
		HttpResponse<String> response = get("/actuator/prometheus", bearer);
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private HttpResponse<String> get(String path, String bearer) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET();
		if (bearer != null) {
			request.header("Authorization", bearer);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** The value of one series in the Prometheus text format (labels in any order); NaN when absent. */
	private static double gauge(String metrics, String name, String unit, String outcome, String window) {
		Pattern line = Pattern.compile("^" + name + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
		Matcher m = line.matcher(metrics);
		while (m.find()) {
			String labels = m.group(1);
			if (labels.contains("unit=\"" + unit + "\"")
					&& (outcome == null || labels.contains("outcome=\"" + outcome + "\""))
					&& (window == null || labels.contains("window=\"" + window + "\""))) {
				return Double.parseDouble(m.group(2));
			}
		}
		return Double.NaN;
	}

	private static String msh(String type) {
		return "MSH|^~\\&|HIS|WSY02|COUNTYHUB|SFXYGT|20250301080000||" + type + "|"
				+ UUID.randomUUID().toString().substring(0, 12) + "|P|2.4||||||UNICODE UTF-8\r";
	}
}
