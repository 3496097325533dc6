package org.countyhub.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 finding 2 without a server: the hostile bodies that filled the heap inside the validator are refused
 * by one streaming pass, quickly, before anything is parsed into a resource.
 */
class BodyShapeTest {

	private final BodyShape shape = new BodyShape(new RequestLimits(200_000, 100, 5_000_000, 5, 10, 3));

	@Test
	void patientWithHalfAMillionNamesIsRefusedQuickly() {
		StringBuilder json = new StringBuilder("{\"resourceType\":\"Patient\",\"name\":[");
		for (int i = 0; i < 500_000; i++) {
			json.append(i == 0 ? "" : ",").append("{\"text\":\"王\"}");
		}
		json.append("]}");
		byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
		long start = System.nanoTime();
		assertThat(shape.check(body, false)).hasValueSatisfying(e -> assertThat(e.diagnostics()).startsWith("HUB-1020"));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
	}

	@Test
	void fifteenMegabyteStringIsRefused() {
		String body = "{\"resourceType\":\"Patient\",\"name\":[{\"text\":\"" + "a".repeat(15_000_000) + "\"}]}";
		assertThat(shape.check(body.getBytes(StandardCharsets.UTF_8), false))
				.hasValueSatisfying(e -> assertThat(e.diagnostics()).startsWith("HUB-1022"));
	}

	@Test
	void deepNestingIsRefused() {
		String body = "{\"resourceType\":\"Patient\",\"extension\":" + "[{\"extension\":".repeat(120) + "[]"
				+ "}]".repeat(120) + "}";
		assertThat(shape.check(body.getBytes(StandardCharsets.UTF_8), false))
				.hasValueSatisfying(e -> assertThat(e.diagnostics()).startsWith("HUB-1021"));
	}

	@Test
	void xmlWithTooManyElementsIsRefused() {
		StringBuilder xml = new StringBuilder("<Patient xmlns=\"http://hl7.org/fhir\">");
		for (int i = 0; i < 210_000; i++) {
			xml.append("<name><text value=\"王\"/></name>");
		}
		xml.append("</Patient>");
		assertThat(shape.check(xml.toString().getBytes(StandardCharsets.UTF_8), true))
				.hasValueSatisfying(e -> assertThat(e.diagnostics()).startsWith("HUB-1020"));
	}

	@Test
	void ordinaryPatientAndMalformedJsonPass() {
		String patient = "{\"resourceType\":\"Patient\",\"name\":[{\"text\":\"王五\"}],\"birthDate\":\"1980-01-15\"}";
		assertThat(shape.check(patient.getBytes(StandardCharsets.UTF_8), false)).isEmpty();
		assertThat(shape.check("{\"resourceType\":\"Pat".getBytes(StandardCharsets.UTF_8), false)).isEmpty();
	}
}
