package org.countyhub.server.recognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.countyhub.server.recognition.RecognitionFixtures.catalogue;
import static org.hl7.fhir.r4.model.DiagnosticReport.DiagnosticReportStatus.FINAL;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.rest.TestIdCards;
import org.countyhub.server.support.HubServerTest;
import org.countyhub.server.support.TestClock;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The duplicate-test reminder called as a HIS (CDS client) calls it: plain JSON over HTTP to /cds-services,
 * with the Patient prefetched and without (the hub then reads it itself).
 */
class RecognitionCdsHooksTest extends HubServerTest {

	private static final ObjectMapper JSON = new ObjectMapper();
	private final HttpClient http = HttpClient.newHttpClient();

	@Autowired
	TestClock clock;

	RecognitionFixtures fx;

	@BeforeEach
	void fixtures() {
		fx = new RecognitionFixtures(client);
	}

	@AfterEach
	void resetClock() {
		clock.reset();
	}

	@Test
	void discoveryListsTheOrderSelectAndOrderSignServices() throws Exception {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create(baseUrl() + "/cds-services")).header("Authorization", bearer()).GET()
						.build(),
				HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode services = JSON.readTree(response.body()).get("services");
		List<String> hooks = new ArrayList<>();
		services.forEach(s -> hooks.add(s.get("id").asText() + ":" + s.get("hook").asText()));
		assertThat(hooks).contains("recognition-order-select:order-select", "recognition-order-sign:order-sign");
		services.forEach(s -> assertThat(s.get("prefetch").get("patient").asText())
				.isEqualTo("Patient/{{context.patientId}}"));
	}

	@Test
	void orderSelectWithPrefetchGetsACardNamingThePriorResultItsUnitAndDate() throws Exception {
		Scenario s = scenario();
		clock.set("2026-09-10T10:00:00+08:00");
		Patient prefetched = client.read().resource(Patient.class).withId(s.atHospital).execute();

		String request = hookRequest("order-select", s.atHospital, List.of("ServiceRequest/draft-glu"),
				drafts(s.atHospital, "draft-glu", "GLU", "draft-ct", "CT-HEAD"),
				FhirContext.forR4Cached().newJsonParser().encodeResourceToString(prefetched));
		JsonNode response = call("recognition-order-select", request, 200);

		JsonNode cards = response.get("cards");
		assertThat(cards).hasSize(1);
		JsonNode card = cards.get(0);
		assertThat(card.get("summary").asText()).contains("葡萄糖", "长乐镇卫生院", "2026-09-08");
		assertThat(card.get("indicator").asText()).isEqualTo("warning");
		assertThat(card.get("source").get("label").asText()).isEqualTo("县域医共体检查检验结果互认");
		assertThat(card.get("detail").asText()).contains("2026-10-08"); // 30 days: valid until 8 October
		JsonNode suggestions = card.get("suggestions");
		assertThat(suggestions).hasSize(2);
		assertThat(suggestions.get(0).get("label").asText()).startsWith("采用既往结果");
		assertThat(suggestions.get(0).get("actions").get(0).get("type").asText()).isEqualTo("delete");
		assertThat(suggestions.get(0).get("actions").get(0).get("resource").get("id").asText()).isEqualTo("draft-glu");
		assertThat(suggestions.get(1).get("label").asText()).contains("不予互认理由");
		List<String> reasons = new ArrayList<>();
		card.get("overrideReasons").forEach(r -> reasons.add(r.get("code").asText()));
		assertThat(reasons).contains("condition-changed", "emergency", "other");
		assertThat(card.get("links").get(0).get("url").asText()).endsWith("/fhir/" + s.report);
	}

	@Test
	void orderSignWithoutPrefetchFetchesThePatientAndLooksAtEveryDraft() throws Exception {
		Scenario s = scenario();
		clock.set("2026-09-10T10:00:00+08:00");
		String request = hookRequest("order-sign", s.atHospital, null,
				drafts(s.atHospital, "draft-1", "GLU", "draft-2", "CT-HEAD", "draft-3", "K"), null);
		JsonNode response = call("recognition-order-sign", request, 200);
		assertThat(response.get("cards")).hasSize(2);
		List<String> summaries = new ArrayList<>();
		response.get("cards").forEach(c -> summaries.add(c.get("summary").asText()));
		assertThat(summaries).anyMatch(t -> t.contains("葡萄糖")).anyMatch(t -> t.contains("钾"));

		// after the windows: no card
		clock.set("2026-10-09T00:00:01+08:00");
		assertThat(call("recognition-order-sign", request, 200).get("cards")).isEmpty();
	}

	@Test
	void orderSelectFindsASinglePotassiumSentWithoutAReportButNotAPreliminaryOne() throws Exception {
		String township = fx.unit("新桥镇卫生院", "2026-01-01", "2026-12-31", "K", "GLU");
		String hospital = fx.unit("示范县妇幼保健院", "2026-01-01", "2026-12-31", "K");
		String idCard = TestIdCards.next();
		String atTownship = fx.patient(township, idCard, "朱十七");
		String atHospital = fx.patient(hospital, idCard, "朱十七");
		clock.set("2026-09-15T10:00:00+08:00");
		String potassium = fx.observation(atTownship, township, Observation.ObservationStatus.FINAL,
				"2026-09-15T08:00:00+08:00", catalogue("K"));
		fx.observation(atTownship, township, Observation.ObservationStatus.PRELIMINARY,
				"2026-09-15T09:00:00+08:00", catalogue("GLU"));

		clock.set("2026-09-17T10:00:00+08:00");
		String request = hookRequest("order-select", atHospital, List.of("ServiceRequest/k", "ServiceRequest/glu"),
				drafts(atHospital, "k", "K", "glu", "GLU"), null);
		JsonNode cards = call("recognition-order-select", request, 200).get("cards");
		assertThat(cards).hasSize(1);
		JsonNode card = cards.get(0);
		assertThat(card.get("summary").asText()).contains("钾", "新桥镇卫生院", "2026-09-15");
		assertThat(card.get("detail").asText()).contains("2026-09-22"); // 7 days
		assertThat(card.get("links")).hasSize(1);
		assertThat(card.get("links").get(0).get("url").asText()).endsWith("/fhir/" + potassium);
		assertThat(card.get("suggestions").get(0).get("actions").get(0).get("description").asText())
				.contains(potassium);
	}

	@Test
	void draftForAnItemWithoutPriorResultGetsNoCard() throws Exception {
		Scenario s = scenario();
		clock.set("2026-09-10T10:00:00+08:00");
		String request = hookRequest("order-select", s.atHospital, List.of("ServiceRequest/d"),
				drafts(s.atHospital, "d", "MR-HEAD"), null);
		assertThat(call("recognition-order-select", request, 200).get("cards")).isEmpty();
	}

	@Test
	void unknownPatientIsAClientError() throws Exception {
		String request = hookRequest("order-sign", "Patient/no-such-patient-" + UUID.randomUUID(), null,
				drafts("Patient/x", "d", "GLU"), null);
		HttpResponse<String> response = post("recognition-order-sign", request);
		assertThat(response.statusCode()).isBetween(400, 499);
	}

	// ---- the scene: a glucose and a potassium result at a township, the patient now at the county hospital ----

	@Test
	void aResultTheCallerMayNotSeeIsOnlyNamedWithHowToGetAccess() throws Exception {
		String lab = fx.unit("示范县检验中心", "2026-01-01", "2026-12-31", "GLU");
		String idCard = TestIdCards.next();
		String atCounty = fx.patient("XRMYY", idCard, "韩十八");
		String atTownship = fx.patient("WSY01", idCard, "韩十八");
		clock.set("2026-09-08T10:00:00+08:00");
		fx.report(atCounty, lab, FINAL, "2026-09-08T08:00:00+08:00", catalogue("GLU"));
		String request = hookRequest("order-sign", atTownship, null, drafts(atTownship, "draft-a", "GLU"), null);

		// a township clinician without a treating relationship, consent or break-glass (docs/access.md)
		String township = "Bearer " + tokenAs(List.of(org.countyhub.server.security.token.Roles.CLINICIAN), "WSY01");
		HttpResponse<String> withheld = post("recognition-order-sign", request, township);
		assertThat(withheld.statusCode()).as(withheld.body()).isEqualTo(200);
		JsonNode cards = JSON.readTree(withheld.body()).get("cards");
		assertThat(cards).hasSize(1);
		assertThat(cards.get(0).get("summary").asText()).contains("示范县检验中心", "暂无调阅权限");
		assertThat(cards.get(0).get("detail").asText()).contains("$break-glass");
		assertThat(cards.get(0).has("links")).isFalse();
		assertThat(cards.get(0).has("suggestions")).isFalse();

		// acting for every unit: the full card
		JsonNode full = call("recognition-order-sign", request, 200).get("cards");
		assertThat(full.get(0).get("summary").asText()).contains("已有可互认结果");
	}

	record Scenario(String atTownship, String atHospital, String report) {}

	private Scenario scenario() {
		String township = fx.unit("长乐镇卫生院", "2026-01-01", "2026-12-31", "GLU", "K");
		String hospital = fx.unit("示范县中心医院", "2026-01-01", "2026-12-31", "GLU");
		String idCard = TestIdCards.next();
		String atTownship = fx.patient(township, idCard, "蒋十二");
		String atHospital = fx.patient(hospital, idCard, "蒋十二");
		clock.set("2026-09-08T10:00:00+08:00");
		String report = fx.report(atTownship, township, FINAL, "2026-09-08T08:00:00+08:00", catalogue("GLU"));
		fx.report(atTownship, township, FINAL, "2026-09-08T08:00:00+08:00", catalogue("K"));
		return new Scenario(atTownship, atHospital, report);
	}

	private static String drafts(String patient, String... idAndItem) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
		for (int i = 0; i < idAndItem.length; i += 2) {
			ServiceRequest order = new ServiceRequest();
			order.setId(idAndItem[i]);
			order.setStatus(ServiceRequest.ServiceRequestStatus.DRAFT);
			order.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
			order.setCode(new CodeableConcept(new Coding(HubSystems.RECOGNITION_CATALOGUE, idAndItem[i + 1], null)));
			order.setSubject(new Reference(patient));
			bundle.addEntry().setResource(order);
		}
		return FhirContext.forR4Cached().newJsonParser().encodeResourceToString(bundle);
	}

	private static String hookRequest(
			String hook, String patient, List<String> selections, String draftOrders, String prefetchedPatient)
			throws IOException {
		StringBuilder json = new StringBuilder("{\"hookInstance\":\"").append(UUID.randomUUID())
				.append("\",\"hook\":\"").append(hook)
				.append("\",\"context\":{\"userId\":\"Practitioner/dr-li\",\"patientId\":\"")
				.append(patient.replace("Patient/", "")).append('"');
		if (selections != null) {
			json.append(",\"selections\":").append(JSON.writeValueAsString(selections));
		}
		json.append(",\"draftOrders\":").append(draftOrders).append('}');
		if (prefetchedPatient != null) {
			json.append(",\"prefetch\":{\"patient\":").append(prefetchedPatient).append('}');
		}
		return json.append('}').toString();
	}

	private JsonNode call(String service, String body, int expectedStatus) throws Exception {
		HttpResponse<String> response = post(service, body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
		return JSON.readTree(response.body());
	}

	private HttpResponse<String> post(String service, String body) throws Exception {
		return post(service, body, bearer());
	}

	private HttpResponse<String> post(String service, String body, String authorization) throws Exception {
		return http.send(
				HttpRequest.newBuilder(URI.create(baseUrl() + "/cds-services/" + service))
						.header("Content-Type", "application/json")
						.header("Authorization", authorization)
						.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
						.build(),
				HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}
}
