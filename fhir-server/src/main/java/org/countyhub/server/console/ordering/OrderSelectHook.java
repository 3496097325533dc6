package org.countyhub.server.console.ordering;

import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.countyhub.server.console.ConsoleUser;
import org.countyhub.server.console.HubFhir;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.countyhub.server.workflow.ActingUnit;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.stereotype.Component;

/**
 * The hub's CDS Hooks service {@code recognition-order-select}, called as a unit's HIS calls it when a clinician
 * picks an item: over HTTP, with the person's token and acting unit, the picked item as a draft ServiceRequest.
 * The answer's cards are read back as the console shows them.
 */
@OnEmbeddedSignIn
@Component
class OrderSelectHook {

	static final String SERVICE = "/cds-services/recognition-order-select";
	private static final String DRAFT_ID = "console-draft";

	/** A statutory reason for not recognising, as the card offers it. */
	record Reason(String code, String display) {}

	/** A prior result the card links to ({@code DiagnosticReport/1} or {@code Observation/2}). */
	record PriorLink(String label, String type, String id) {}

	/** One card of the answer. */
	record Card(String summary, List<Reason> reasons, List<PriorLink> priors) {}

	private final HubFhir hub;
	private final ObjectMapper json = new ObjectMapper();
	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	OrderSelectHook(HubFhir hub) {
		this.hub = hub;
	}

	List<Card> cards(HttpServletRequest request, ConsoleUser user, String patientId, OrderItems.Item item) {
		HttpRequest.Builder call = HttpRequest.newBuilder(URI.create(hub.hubAddress() + SERVICE))
				.timeout(Duration.ofSeconds(30))
				.header("Authorization", "Bearer " + hub.accessToken(request))
				.header("Content-Type", "application/json")
				.header("Accept", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body(user, patientId, item), StandardCharsets.UTF_8));
		if (user.actingUnit() != null) {
			call.header(ActingUnit.HEADER, user.actingUnit());
		}
		HttpResponse<String> answer;
		try {
			answer = http.send(call.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		} catch (IOException e) {
			throw new FhirClientConnectionException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new FhirClientConnectionException(e);
		}
		if (answer.statusCode() / 100 != 2) {
			throw BaseServerResponseException.newInstance(answer.statusCode(), "CDS Hooks " + SERVICE + " answered "
					+ answer.statusCode());
		}
		return read(answer.body());
	}

	private String body(ConsoleUser user, String patientId, OrderItems.Item item) {
		ServiceRequest draft = new ServiceRequest();
		draft.setId(DRAFT_ID);
		draft.setStatus(ServiceRequest.ServiceRequestStatus.DRAFT);
		draft.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
		draft.getCode().addCoding(item.coding()).setText(item.display());
		draft.setSubject(new Reference("Patient/" + patientId));
		if (user.actingUnit() != null) {
			draft.setRequester(new Reference("Organization/" + user.actingUnit()));
		}
		Bundle drafts = new Bundle().setType(Bundle.BundleType.COLLECTION);
		drafts.addEntry().setResource(draft);
		try {
			ObjectNode body = json.createObjectNode();
			body.put("hookInstance", UUID.randomUUID().toString());
			body.put("hook", "order-select");
			ObjectNode context = body.putObject("context");
			context.put("userId", "Practitioner/" + user.username());
			context.put("patientId", patientId);
			context.putArray("selections").add("ServiceRequest/" + DRAFT_ID);
			context.set("draftOrders", json.readTree(hub.context().newJsonParser().encodeResourceToString(drafts)));
			return json.writeValueAsString(body);
		} catch (IOException e) {
			throw new IllegalStateException("the draft order could not be written as JSON", e);
		}
	}

	private List<Card> read(String body) {
		JsonNode answer;
		try {
			answer = json.readTree(body);
		} catch (IOException e) {
			throw BaseServerResponseException.newInstance(502, "CDS Hooks " + SERVICE + " answered no JSON");
		}
		List<Card> cards = new ArrayList<>();
		for (JsonNode card : answer.path("cards")) {
			List<Reason> reasons = new ArrayList<>();
			for (JsonNode reason : card.path("overrideReasons")) {
				reasons.add(new Reason(reason.path("code").asText(), reason.path("display").asText()));
			}
			List<PriorLink> priors = new ArrayList<>();
			for (JsonNode link : card.path("links")) {
				String[] parts = URI.create(link.path("url").asText()).getPath().split("/");
				if (parts.length >= 2) {
					priors.add(new PriorLink(link.path("label").asText(), parts[parts.length - 2],
							parts[parts.length - 1]));
				}
			}
			cards.add(new Card(card.path("summary").asText(), reasons, priors));
		}
		return cards;
	}
}
