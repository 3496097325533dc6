package org.countyhub.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.countyhub.server.identity.UnitRecords.newIdCard;
import static org.countyhub.server.identity.UnitRecords.newMrn;
import static org.countyhub.server.identity.UnitRecords.person;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.support.HubServerTest;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 20, finding 6: a Patient was still unlinked 22 minutes after it was written and nobody could see it. The
 * operator now sees unit Patients without a person (JSON view and the backlog gauges). A Patient whose link is
 * lost (its MDM link row removed, as a failed match would leave it) stands for one that matching left behind.
 */
class UnlinkedPatientsViewTest extends HubServerTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	@Test
	void operatorSeesAPatientThatMatchingLeftBehindAndTheBacklogGauges() throws Exception {
		UnitRecords units = new UnitRecords(client);
		IIdType patient = units.register("XZYY", newMrn(),
				person("钱学明", "1958-06-07", AdministrativeGender.MALE, "13955556666", newIdCard()));
		JdbcTemplate jdbc = context().getBean(JdbcTemplate.class);
		String pid = "SELECT res_id FROM hfj_resource WHERE res_type = 'Patient' AND fhir_id = ?";
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> jdbc.queryForObject(
				"SELECT COUNT(*) FROM mpi_link WHERE target_pid = (" + pid + ")", Long.class, patient.getIdPart()) > 0);
		JsonNode linked = JSON.readTree(get("/admin/identity/unlinked?older-than=0s&limit=1000", Roles.OPERATOR).body());
		assertThat(ids(linked)).doesNotContain(patient.getValue());

		jdbc.update("DELETE FROM mpi_link WHERE target_pid = (" + pid + ")", patient.getIdPart());

		JsonNode unlinked = JSON.readTree(get("/admin/identity/unlinked?older-than=0s&limit=1000", Roles.OPERATOR).body());
		assertThat(unlinked.get("count").asLong()).isGreaterThanOrEqualTo(1);
		assertThat(unlinked.get("patients")).anySatisfy(row -> {
			assertThat(row.get("patient").asText()).isEqualTo(patient.getValue());
			assertThat(row.get("unit").asText()).isEqualTo("XZYY");
			assertThat(row.has("name")).isFalse();
		});
		// just written: not yet overdue by the default (hub.identity.unlinked-after, 5 minutes)
		JsonNode overdue = JSON.readTree(get("/admin/identity/unlinked", Roles.OPERATOR).body());
		assertThat(overdue.get("olderThan").asText()).isEqualTo("PT5M");
		assertThat(ids(overdue)).doesNotContain(patient.getValue());

		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
			String metrics = get("/actuator/prometheus", Roles.OPERATOR).body();
			assertThat(gauge(metrics, "hub_identity_unlinked_patients")).isGreaterThanOrEqualTo(1);
			assertThat(gauge(metrics, "hub_identity_unlinked_oldest_age_seconds")).isGreaterThanOrEqualTo(0);
		});

		// matching takes it again (what the retry does once it is overdue): linked, and off the operator's list
		MatchingRetry retry = context().getBean(MatchingRetry.class);
		List<UnlinkedPatients.Row> left = context().getBean(UnlinkedPatients.class).olderThan(Duration.ZERO, 1000)
				.stream().filter(row -> row.patient().equals(patient.getValue())).toList();
		assertThat(retry.resubmit(left, Duration.ofMinutes(15))).isEqualTo(1);
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> jdbc.queryForObject(
				"SELECT COUNT(*) FROM mpi_link WHERE target_pid = (" + pid + ")", Long.class, patient.getIdPart()) > 0);
		assertThat(ids(JSON.readTree(get("/admin/identity/unlinked?older-than=0s&limit=1000", Roles.OPERATOR).body())))
				.doesNotContain(patient.getValue());
		// tried a moment ago: not handed again before retry-after has passed
		assertThat(retry.resubmit(left, Duration.ofMinutes(15))).isZero();

		assertThat(get("/admin/identity/unlinked", Roles.CLINICIAN).statusCode()).isEqualTo(403);
		HttpResponse<String> bad = get("/admin/identity/unlinked?older-than=soon", Roles.OPERATOR);
		assertThat(bad.statusCode()).isEqualTo(400);
		assertThat(bad.body()).contains("HUB-3020");
	}

	private static List<String> ids(JsonNode answer) {
		return answer.get("patients").findValuesAsText("patient");
	}

	private static double gauge(String metrics, String name) {
		Matcher value = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([-+0-9.eE]+|NaN)$").matcher(metrics);
		assertThat(value.find()).as(name + " in the scrape").isTrue();
		return Double.parseDouble(value.group(2));
	}

	private HttpResponse<String> get(String path, String role) throws Exception {
		return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
				.header("Authorization", bearerAs(role)).build(), HttpResponse.BodyHandlers.ofString());
	}
}
