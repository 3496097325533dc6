package org.countyhub.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.countyhub.server.support.HubServerTest;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.junit.jupiter.api.Test;

/** What an integrator checks first: the CapabilityStatement and the health endpoint. */
class CapabilityAndHealthTest extends HubServerTest {

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
	void healthIsUpAndReportsTheDatabase() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient().send(
				HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"status\":\"UP\"").contains("\"db\":{\"status\":\"UP\"");
	}
}
