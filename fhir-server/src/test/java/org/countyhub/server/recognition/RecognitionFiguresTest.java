package org.countyhub.server.recognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.countyhub.server.recognition.RecognitionFixtures.catalogue;
import static org.hl7.fhir.r4.model.DiagnosticReport.DiagnosticReportStatus.FINAL;
import static org.hl7.fhir.r4.model.DiagnosticReport.DiagnosticReportStatus.PRELIMINARY;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.recognition.evaluation.Reevaluation;
import org.countyhub.server.rest.TestIdCards;
import org.countyhub.server.support.HubServerTest;
import org.countyhub.server.support.TestClock;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Decisions and the management figures over a scripted month (May 2026) of results, orders and decisions at
 * three units: a qualified township centre (A), the county hospital that orders (B), and an unqualified village
 * clinic (C). The catalogue is first given a price for glucose over FHIR, as a county would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecognitionFiguresTest extends HubServerTest {

	private static final ObjectMapper JSON = new ObjectMapper();
	private static final BigDecimal GLU_PRICE = new BigDecimal("8.50");

	@Autowired
	TestClock clock;

	@Autowired
	Reevaluation reevaluation;

	RecognitionFixtures fx;

	@BeforeEach
	void fixtures() {
		fx = new RecognitionFixtures(client);
	}

	@AfterEach
	void resetClock() {
		clock.reset();
	}

	@BeforeAll
	void catalogueWithAPriceForGlucose() throws Exception {
		// the catalogue as the server holds it (installed from the guide's package, under a server-assigned id)
		CodeSystem catalogue = (CodeSystem) newClient(context()).search().forResource(CodeSystem.class)
				.where(CodeSystem.URL.matches().value(HubSystems.RECOGNITION_CATALOGUE))
				.returnBundle(org.hl7.fhir.r4.model.Bundle.class).execute()
				.getEntryFirstRep().getResource();
		catalogue.getConcept().stream().filter(c -> c.getCode().equals("GLU")).findFirst().orElseThrow()
				.addProperty().setCode("price").setValue(new DecimalType(GLU_PRICE));
		newClient(context()).update().resource(catalogue).execute();
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> reevaluation.pending() == 0);
	}

	@Test
	void scriptedMonthGivesTheExpectedFiguresPerUnitAndItem() throws Exception {
		String a = fx.unit("A镇卫生院", "2026-01-01", "2026-12-31", "GLU", "K", "DR-CHEST");
		String b = fx.unit("B县医院", "2026-01-01", "2026-12-31", "GLU", "K", "CT-CHEST");
		String c = fx.unit("C村卫生室", null, null);
		String card1 = TestIdCards.next();
		String card2 = TestIdCards.next();
		String card3 = TestIdCards.next();
		String p1a = fx.patient(a, card1, "甲");
		String p1b = fx.patient(b, card1, "甲");
		String p2a = fx.patient(a, card2, "乙");
		String p2b = fx.patient(b, card2, "乙");
		String p3c = fx.patient(c, card3, "丙");
		String p3b = fx.patient(b, card3, "丙");

		at("2026-04-30T10:00:00+08:00");
		order(b, p1b, "GLU", "2026-04-30T10:00:00+08:00"); // April: not counted in May
		at("2026-05-03T10:00:00+08:00");
		String gluP1 = fx.report(p1a, a, FINAL, "2026-05-03T08:00:00+08:00", catalogue("GLU"));
		at("2026-05-04T10:00:00+08:00");
		String kP2 = fx.report(p2a, a, FINAL, "2026-05-04T08:00:00+08:00", catalogue("K"));
		at("2026-05-05T10:00:00+08:00");
		fx.report(p3c, c, FINAL, "2026-05-05T08:00:00+08:00", catalogue("GLU")); // unqualified unit
		at("2026-05-06T10:00:00+08:00");
		fx.report(p1a, a, PRELIMINARY, "2026-05-06T08:00:00+08:00", catalogue("DR-CHEST"));

		at("2026-05-10T10:00:00+08:00");
		String order1 = order(b, p1b, "GLU", "2026-05-10T10:00:00+08:00");
		decide(gluP1, b, p1b, order1, "recognised", null, null);

		at("2026-05-11T16:00:00+08:00"); // last day of the potassium result's 7-day window
		String order2 = order(b, p2b, "K", "2026-05-11T16:00:00+08:00");
		decide(kP2, b, p2b, order2, "not-recognised", "emergency", null);

		at("2026-05-12T09:00:00+08:00"); // the day after: no prior result any more
		order(b, p2b, "K", "2026-05-12T09:00:00+08:00");
		at("2026-05-15T09:00:00+08:00");
		order(b, p3b, "GLU", "2026-05-15T09:00:00+08:00"); // prior result only from the unqualified clinic
		at("2026-05-20T09:00:00+08:00");
		String order5 = order(b, p1b, "GLU", "2026-05-20T09:00:00+08:00");
		decide(gluP1, b, p1b, order5, "not-recognised", "other", "患者自述近日服用激素类药物，需复查");
		order(b, p1b, "DR-CHEST", "2026-05-20T09:00:00+08:00"); // prior is preliminary
		at("2026-06-01T09:00:00+08:00");
		order(b, p1b, "GLU", "2026-06-01T09:00:00+08:00"); // June

		JsonNode figures = get("/recognition/figures?month=2026-05", 200);
		assertThat(figures.get("month").asText()).isEqualTo("2026-05");
		assertThat(figures.get("zone").asText()).isEqualTo("Asia/Shanghai");
		Map<String, JsonNode> rows = rows(figures, a, b, c);
		assertThat(rows.keySet()).containsExactlyInAnyOrder(a + "/GLU", a + "/K", b + "/GLU", b + "/K");

		assertRow(rows.get(a + "/GLU"), 1, 0, 0, 0, Map.of(), 0, "0");
		assertRow(rows.get(a + "/K"), 1, 0, 0, 0, Map.of(), 0, null);
		assertRow(rows.get(b + "/GLU"), 0, 2, 1, 1, Map.of("other", 1), 1, "8.50");
		assertRow(rows.get(b + "/K"), 0, 1, 0, 1, Map.of("emergency", 1), 0, null);
		assertThat(rows.get(b + "/GLU").get("unitName").asText()).isEqualTo("B县医院");
		assertThat(rows.get(b + "/GLU").get("itemName").asText()).isEqualTo("葡萄糖");

		// one unit only
		JsonNode onlyB = get("/recognition/figures?month=2026-05&unit=" + b, 200);
		onlyB.get("rows").forEach(r -> assertThat(r.get("unit").asText()).isEqualTo(b));
		assertThat(onlyB.get("rows")).hasSize(2);

		// the CSV download
		HttpResponse<String> csv = http("/recognition/figures.csv?month=2026-05&unit=" + b);
		assertThat(csv.statusCode()).isEqualTo(200);
		assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
		List<String> lines = csv.body().lines().toList();
		assertThat(lines.get(0)).startsWith("\uFEFFmonth,unit,unit_name,item");
		assertThat(lines).contains("2026-05," + b + ",B县医院,GLU,葡萄糖,0,2,1,1,other=1,1,8.50");
		assertThat(lines).contains("2026-05," + b + ",B县医院,K,钾,0,1,0,1,emergency=1,0,");

		// the decisions are searchable as the profiled Observations
		Bundle notRecognised = client.search().forResource(Observation.class)
				.where(Observation.CODE.exactly().systemAndCode(HubSystems.OBSERVATION_CODE, "recognition-decision"))
				.and(Observation.PERFORMER.hasId("Organization/" + b))
				.and(Observation.VALUE_CONCEPT.exactly().systemAndCode(HubSystems.RECOGNITION_DECISION, "not-recognised"))
				.returnBundle(Bundle.class).execute();
		assertThat(notRecognised.getEntry()).hasSize(2);
		Observation other = notRecognised.getEntry().stream().map(e -> (Observation) e.getResource())
				.filter(o -> o.getFocusFirstRep().getReference().equals(gluP1)).findFirst().orElseThrow();
		assertThat(other.getMeta().hasProfile(HubSystems.RECOGNITION_DECISION_PROFILE)).isTrue();
		assertThat(other.getBasedOnFirstRep().getReference()).isEqualTo(order5);
		assertThat(other.getEffectiveDateTimeType().getValue().toInstant().toString()).isEqualTo("2026-05-20T01:00:00Z");
		assertThat(other.getComponent()).anySatisfy(comp -> {
			assertThat(comp.getCode().getCodingFirstRep().getCode()).isEqualTo("non-recognition-reason");
			assertThat(comp.getValueCodeableConcept().getText()).isEqualTo("患者自述近日服用激素类药物，需复查");
		});
		assertThat(other.getComponent()).anySatisfy(comp -> {
			assertThat(comp.getCode().getCodingFirstRep().getCode()).isEqualTo("patient-informed");
			assertThat(comp.getValueBooleanType().booleanValue()).isTrue();
		});
	}

	@Test
	void decisionNotToRecogniseNeedsAStatutoryReasonAndOtherNeedsText() {
		String unit = fx.unit("D镇卫生院", "2026-01-01", "2026-12-31", "GLU");
		String patient = fx.patient(unit, TestIdCards.next(), "丁");
		String report = fx.report(patient, unit, FINAL, "2026-05-03T08:00:00+08:00", catalogue("GLU"));
		assertThatThrownBy(() -> decide(report, unit, patient, null, "not-recognised", null, null))
				.isInstanceOf(InvalidRequestException.class).hasMessageContaining("HUB-4021");
		assertThatThrownBy(() -> decide(report, unit, patient, null, "not-recognised", "whim", null))
				.isInstanceOf(InvalidRequestException.class).hasMessageContaining("HUB-4021");
		assertThatThrownBy(() -> decide(report, unit, patient, null, "not-recognised", "other", null))
				.isInstanceOf(InvalidRequestException.class).hasMessageContaining("HUB-4022");
		assertThatThrownBy(() -> decide(report, unit, patient, null, "maybe", null, null))
				.isInstanceOf(InvalidRequestException.class).hasMessageContaining("HUB-4020");
		Bundle none = client.search().forResource(Observation.class)
				.where(Observation.FOCUS.hasId(report)).returnBundle(Bundle.class).execute();
		assertThat(none.getEntry()).isEmpty();
	}

	@Test
	void badMonthIsABadRequest() throws Exception {
		JsonNode error = get("/recognition/figures?month=May", 400);
		assertThat(error.get("error").asText()).startsWith("HUB-4030");
	}

	// ---- helpers ----

	private void at(String moment) {
		clock.set(moment);
	}

	private String order(String unit, String patient, String item, String authored) {
		ServiceRequest order = new ServiceRequest();
		order.addIdentifier().setSystem(HubSystems.CANONICAL_BASE + "/unit/" + unit + "/sid/order")
				.setValue("O" + RecognitionFixtures.unique());
		order.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
		order.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
		order.setCode(new CodeableConcept(catalogue(item)));
		order.setSubject(new Reference(patient));
		order.setRequester(new Reference("Organization/" + unit));
		order.setAuthoredOnElement(new DateTimeType(authored));
		return client.create().resource(order).execute().getId().toUnqualifiedVersionless().getValue();
	}

	private void decide(String report, String unit, String patient, String order, String decision, String reason,
			String text) {
		Parameters in = new Parameters();
		in.addParameter().setName("decision").setValue(new CodeType(decision));
		if (reason != null) {
			in.addParameter().setName("reason").setValue(new CodeType(reason));
		}
		if (text != null) {
			in.addParameter().setName("reasonText").setValue(new StringType(text));
		}
		in.addParameter().setName("unit").setValue(new Reference("Organization/" + unit));
		in.addParameter().setName("clinician").setValue(new Reference().setDisplay("李医生"));
		in.addParameter().setName("patientInformed").setValue(new BooleanType(true));
		in.addParameter().setName("patient").setValue(new Reference(patient));
		if (order != null) {
			in.addParameter().setName("order").setValue(new Reference(order));
		}
		client.operation().onInstance(report).named("$recognition-decision").withParameters(in)
				.returnResourceType(Observation.class).execute();
	}

	@Test
	void singleResultsCountAsAvailableOnceEvenWhenAReportListsThem() throws Exception {
		String unit = fx.unit("双河镇卫生院", "2026-01-01", "2026-12-31", "K", "GLU");
		String patient = fx.patient(unit, TestIdCards.next(), "许十九");
		clock.set("2026-07-10T10:00:00+08:00");
		fx.observation(patient, unit, Observation.ObservationStatus.FINAL, "2026-07-10T08:00:00+08:00",
				RecognitionFixtures.catalogue("K"));
		fx.observation(patient, unit, Observation.ObservationStatus.PRELIMINARY, "2026-07-10T08:00:00+08:00",
				RecognitionFixtures.catalogue("GLU"));
		fx.panel(patient, unit, "2026-07-10T09:00:00+08:00", "K", "GLU");

		Map<String, JsonNode> rows = rows(get("/recognition/figures?month=2026-07&unit=" + unit, 200), unit);
		// K: the single potassium and the panel (whose own K Observation is not counted again); GLU: the panel
		assertThat(rows.get(unit + "/K").get("resultsAvailable").asInt()).isEqualTo(2);
		assertThat(rows.get(unit + "/GLU").get("resultsAvailable").asInt()).isEqualTo(1);
	}

	/**
	 * More results in a month than one page of a search (hub.fhir.max-page-size, 200): all counted. The hub's own
	 * searches were once capped at that size and answered HAPI-0464 for a county's month.
	 */
	@Test
	void aMonthWithMoreResultsThanAPageCountsThemAll() throws Exception {
		String unit = fx.unit("大河镇卫生院", "2026-01-01", "2026-12-31", "GLU");
		String patient = fx.patient(unit, TestIdCards.next(), "郑二十");
		clock.set("2026-08-20T10:00:00+08:00");
		org.hl7.fhir.r4.model.Bundle batch = new org.hl7.fhir.r4.model.Bundle()
				.setType(org.hl7.fhir.r4.model.Bundle.BundleType.TRANSACTION);
		for (int i = 0; i < 250; i++) {
			String effective = "2026-08-" + String.format("%02d", 1 + i % 19) + "T08:00:00+08:00";
			batch.addEntry().setResource(RecognitionFixtures.newReport(patient, unit, FINAL, effective, catalogue("GLU")))
					.getRequest().setMethod(org.hl7.fhir.r4.model.Bundle.HTTPVerb.POST).setUrl("DiagnosticReport");
		}
		client.transaction().withBundle(batch).execute();

		Map<String, JsonNode> rows = rows(get("/recognition/figures?month=2026-08&unit=" + unit, 200), unit);
		assertThat(rows.get(unit + "/GLU").get("resultsAvailable").asInt()).isEqualTo(250);
	}

	private static Map<String, JsonNode> rows(JsonNode figures, String... units) {
		List<String> mine = List.of(units);
		Map<String, JsonNode> rows = new HashMap<>();
		figures.get("rows").forEach(r -> {
			if (mine.contains(r.get("unit").asText())) {
				rows.put(r.get("unit").asText() + "/" + r.get("item").asText(), r);
			}
		});
		return rows;
	}

	private static void assertRow(JsonNode row, int available, int ordersWithPrior, int recognised, int notRecognised,
			Map<String, Integer> byReason, int avoided, String cost) {
		assertThat(row.get("resultsAvailable").asInt()).as("results available").isEqualTo(available);
		assertThat(row.get("ordersWithPriorResult").asInt()).as("orders with prior").isEqualTo(ordersWithPrior);
		assertThat(row.get("recognised").asInt()).as("recognised").isEqualTo(recognised);
		assertThat(row.get("notRecognised").asInt()).as("not recognised").isEqualTo(notRecognised);
		Map<String, Integer> reasons = new HashMap<>();
		row.get("notRecognisedByReason").fields().forEachRemaining(e -> reasons.put(e.getKey(), e.getValue().asInt()));
		assertThat(reasons).isEqualTo(byReason);
		assertThat(row.get("testsAvoided").asInt()).as("tests avoided").isEqualTo(avoided);
		if (cost == null) {
			assertThat(row.get("costAvoided").isNull()).as("no price, no cost").isTrue();
		} else {
			assertThat(row.get("costAvoided").decimalValue()).isEqualByComparingTo(cost);
		}
	}

	private JsonNode get(String path, int status) throws Exception {
		HttpResponse<String> response = http(path);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		return JSON.readTree(response.body());
	}

	private HttpResponse<String> http(String path) throws Exception {
		return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
						.header("Authorization", bearer()).GET().build(),
				HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}
}
