package org.countyhub.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.support.HubServerTest;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;

/** What an integrator checks first: the CapabilityStatement, the health endpoint, the answer before the hub is ready. */
class CapabilityAndHealthTest extends HubServerTest {

	@Autowired
	private ApplicationContext context;

	@Test
	void capabilityStatementDescribesTheR4ServerAndWhatItServes() {
		CapabilityStatement cs = client.capabilities().ofType(CapabilityStatement.class).execute();
		assertThat(cs.getFhirVersion().toCode()).isEqualTo("4.0.1");
		assertThat(cs.getSoftware().getName()).contains("County Hub");
		assertThat(cs.getRestFirstRep().getResource())
				.extracting(CapabilityStatementRestResourceComponent::getType)
				.contains("Patient", "Organization", "Observation", "DiagnosticReport", "ServiceRequest", "Task",
						"ImagingStudy", "Appointment", "Slot");
		CapabilityStatementRestResourceComponent patient = cs.getRestFirstRep().getResource().stream()
				.filter(r -> r.getType().equals("Patient")).findFirst().orElseThrow();
		assertThat(patient.getOperation()).extracting(o -> o.getName()).contains("everything");
		assertThat(patient.getSearchParam()).extracting(p -> p.getName()).contains("identifier", "birthdate");
		assertThat(cs.getRestFirstRep().getOperation()).extracting(o -> o.getName()).contains("export");
	}

	@Test
	void healthIsUpForAnyoneAndReportsTheDatabaseToTheSystemAdmin() throws Exception {
		HttpResponse<String> anyone = HttpClient.newHttpClient().send(
				HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(anyone.statusCode()).isEqualTo(200);
		assertThat(anyone.body()).contains("\"status\":\"UP\"").doesNotContain("\"db\"");
		HttpResponse<String> admin = HttpClient.newHttpClient().send(
				HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
						.header("Authorization", bearerAs(Roles.SYSTEM_ADMIN)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(admin.body()).contains("\"status\":\"UP\"").contains("\"db\":{\"status\":\"UP\"");
	}

	@Test
	void untilTheHubIsReadyRequestsGet503WithAnOperationOutcomeAndHealthStillAnswers() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		String patient = "{\"resourceType\":\"Patient\",\"name\":[{\"text\":\"张三\"}]}";
		// as during start-up (before the guide's rules are registered) and shutdown
		AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
		try {
			HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient"))
							.header("Content-Type", "application/fhir+json")
							.POST(HttpRequest.BodyPublishers.ofString(patient)).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(refused.statusCode()).isEqualTo(503);
			assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
			assertThat(refused.body()).contains("\"resourceType\":\"OperationOutcome\"").contains("HUB-1002: ");
			assertThat(http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/admin/feeds/messages")).build(),
					HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(503);
			HttpResponse<String> readiness = http.send(
					HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(readiness.statusCode()).isEqualTo(503);
			assertThat(readiness.body()).contains("OUT_OF_SERVICE");
		} finally {
			AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
		}
		assertThat(http.send(HttpRequest.newBuilder(URI.create(fhirBase() + "/metadata")).build(),
				HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
	}
}
