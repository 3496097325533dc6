package org.countyhub.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.countyhub.server.support.HubServerTest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/**
 * Bad requests get the right 4xx and an OperationOutcome that says what is wrong, and nothing is stored.
 * Sent with a plain HTTP client, as a member unit's system would send them.
 */
class BadRequestTest extends HubServerTest {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void malformedJsonIsRefusedWith400() throws Exception {
		int before = patientCount();
		HttpResponse<String> response = post("/fhir/Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"text\":\"王");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(outcome(response).getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
		assertThat(patientCount()).isEqualTo(before);
	}

	@Test
	void unknownResourceTypeIsRefusedWith404() throws Exception {
		HttpResponse<String> response = post("/fhir/Patientt", "{\"resourceType\":\"Patientt\"}");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(outcome(response).getIssueFirstRep().getDiagnostics()).contains("Patientt");
	}

	@Test
	void invalidCodeIsRefusedWith400AndNothingStored() throws Exception {
		int before = patientCount();
		HttpResponse<String> response = post("/fhir/Patient",
				"{\"resourceType\":\"Patient\",\"name\":[{\"text\":\"钱九\"}],\"gender\":\"男\"}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(outcome(response).getIssueFirstRep().getDiagnostics()).contains("男");
		assertThat(patientCount()).isEqualTo(before);
	}

	@Test
	void invalidDateIsRefusedWith400AndNothingStored() throws Exception {
		int before = patientCount();
		HttpResponse<String> response = post("/fhir/Patient",
				"{\"resourceType\":\"Patient\",\"name\":[{\"text\":\"钱九\"}],\"birthDate\":\"1990-13-45\"}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(outcome(response).getIssueFirstRep().getDiagnostics()).contains("1990-13-45");
		assertThat(patientCount()).isEqualTo(before);
	}

	@Test
	void unknownElementIsRefusedWith400() throws Exception {
		int before = patientCount();
		HttpResponse<String> response = post("/fhir/Patient",
				"{\"resourceType\":\"Patient\",\"name\":[{\"text\":\"钱九\"}],\"idCard\":\"330122199001011234\"}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(outcome(response).getIssueFirstRep().getDiagnostics()).contains("idCard");
		assertThat(patientCount()).isEqualTo(before);
	}

	@Test
	void failedTransactionLeavesNothingHalfWritten() throws Exception {
		int before = patientCount();
		String bundle = """
				{"resourceType":"Bundle","type":"transaction","entry":[
				 {"fullUrl":"urn:uuid:1b6c3a1e-0000-4000-8000-000000000001",
				  "resource":{"resourceType":"Patient","identifier":[{"system":"urn:test:mrn","value":"wu-10"}],
				   "name":[{"text":"吴十"}],"gender":"male"},
				  "request":{"method":"POST","url":"Patient"}},
				 {"resource":{"resourceType":"Observation",
				  "meta":{"profile":["https://countyhub.org/fhir/StructureDefinition/lab-result"]},"status":"final",
				  "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],
				  "code":{"coding":[{"system":"urn:test:lab-item","code":"GLU"}],"text":"血糖"},
				  "subject":{"reference":"Patient/does-not-exist"},"effectiveDateTime":"2026-11-20T08:00:00+08:00",
				  "performer":[{"reference":"Organization/XRMYY"}]},
				  "request":{"method":"POST","url":"Observation"}}]}""";
		HttpResponse<String> response = post("/fhir", bundle);
		assertThat(response.statusCode()).isBetween(400, 499);
		assertThat(outcome(response).getIssueFirstRep().getDiagnostics()).contains("does-not-exist");
		assertThat(patientCount()).isEqualTo(before);
	}

	@Test
	void bodyOverTheLimitIsRefusedWith413() throws Exception {
		int before = patientCount();
		String big = "{\"resourceType\":\"Patient\",\"name\":[{\"text\":\"" + "长".repeat(400_000) + "\"}]}";
		HttpResponse<String> response = post("/fhir/Patient", big);
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(outcome(response).getIssueFirstRep().getDiagnostics()).startsWith("HUB-1001: ");
		assertThat(patientCount()).isEqualTo(before);
	}

	@Test
	void chunkedBodyOverTheLimitIsRefusedWith413() throws Exception {
		int before = patientCount();
		byte[] big = ("{\"resourceType\":\"Patient\",\"name\":[{\"text\":\"" + "长".repeat(400_000) + "\"}]}")
				.getBytes(StandardCharsets.UTF_8);
		// A body publisher of unknown length makes the client send Transfer-Encoding: chunked.
		HttpRequest request = HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient"))
				.header("Content-Type", "application/fhir+json; charset=utf-8")
				.header("Authorization", bearer())
				.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
				.build();
		HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(outcome(response).getIssueFirstRep().getDiagnostics()).startsWith("HUB-1001: ");
		assertThat(patientCount()).isEqualTo(before);
	}

	@Test
	void chunkedBodyUnderTheLimitIsAccepted() throws Exception {
		byte[] small = ("{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"urn:test:mrn\",\"value\":\"zheng-11\"}],"
				+ "\"name\":[{\"text\":\"郑十一\"}],\"gender\":\"male\"}").getBytes(StandardCharsets.UTF_8);
		HttpRequest request = HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient"))
				.header("Content-Type", "application/fhir+json; charset=utf-8")
				.header("Authorization", bearer())
				.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(small)))
				.build();
		HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(201);
		Patient created = FhirContext.forR4Cached().newJsonParser().parseResource(Patient.class, response.body());
		assertThat(created.getNameFirstRep().getText()).isEqualTo("郑十一");
	}

	private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
				.header("Content-Type", "application/fhir+json; charset=utf-8")
				.header("Authorization", bearer())
				.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
				.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	private static OperationOutcome outcome(HttpResponse<String> response) {
		return FhirContext.forR4Cached().newJsonParser().parseResource(OperationOutcome.class, response.body());
	}

	private int patientCount() {
		Bundle count = client.search().forResource(Patient.class).summaryMode(ca.uhn.fhir.rest.api.SummaryEnum.COUNT)
				.returnBundle(Bundle.class).execute();
		return count.getTotal();
	}

}
