package org.countyhub.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.countyhub.server.support.HubServerTest;
import org.countyhub.server.support.RawHttp;
import org.countyhub.server.support.RawHttp.Response;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 finding 7: a client's mistake is a 4xx with an OperationOutcome and a HUB code, never a 500 or an
 * HTML page, and never names a class; links do not come from the client's Host header. Sent over a raw socket,
 * byte for byte as written, because HTTP client libraries refuse to send most of these requests.
 */
class ClientMistakesTest extends HubServerTest {

	@Test
	void negativeOffsetIs400WithHubCode() throws IOException {
		assertClientMistake(request("GET /fhir/Patient?_offset=-5"), "HUB-1010");
	}

	@Test
	void historyVersionTooLargeForANumberIs400WithHubCode() throws IOException {
		assertClientMistake(request("GET /fhir/Patient/1/_history/99999999999999999999"), "HUB-1011");
	}

	@Test
	void ifMatchThatIsNotAVersionIs400WithHubCode() throws IOException {
		String body = "{\"resourceType\":\"Patient\",\"id\":\"mistake1\",\"name\":[{\"text\":\"王五\"}]}";
		Response response = exchange("PUT /fhir/Patient/mistake1 HTTP/1.1\r\n" + hostAndToken()
				+ "Content-Type: application/fhir+json\r\nIf-Match: W/\"abc\"\r\nContent-Length: "
				+ body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body);
		assertClientMistake(response, "HUB-1012");
	}

	@Test
	void tomcatsOwnBadRequestIsAnOperationOutcome() throws IOException {
		Response response = request("GET /fhir/Patient?name=<a>");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).contains("fhir+json");
		OperationOutcome outcome = outcome(response);
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).startsWith("HUB-1013");
	}

	@Test
	void unencodedPipeInIdentifierSearchWorks() throws IOException {
		Response response = request("GET /fhir/Patient?identifier=urn:oid:2.16.156.10011.1.3|110101199003070000");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, response.body()).getType())
				.isEqualTo(Bundle.BundleType.SEARCHSET);
	}

	@Test
	void bundleLinksDoNotComeFromTheHostHeader() throws IOException {
		String evilHost = "Host: evil.example:666\r\n";
		Response response = exchange("GET /fhir/Organization?_count=1 HTTP/1.1\r\n" + evilHost
				+ "Authorization: Bearer " + unitSystemTokenAt(evilHost) + "\r\nConnection: close\r\n\r\n");
		assertThat(response.status()).isEqualTo(200);
		Bundle bundle = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, response.body());
		assertThat(bundle.getLink("self").getUrl()).doesNotContain("evil.example");
		assertThat(response.body()).doesNotContain("evil.example");
	}

	@Test
	void deeplyNestedBodyIs413BeforeParsing() throws IOException {
		String body = "{\"resourceType\":\"Patient\",\"extension\":" + "[{\"extension\":".repeat(150) + "[]"
				+ "}]".repeat(150) + "}";
		Response response = exchange("POST /fhir/Patient HTTP/1.1\r\n" + hostAndToken()
				+ "Content-Type: application/fhir+json\r\nContent-Length: " + body.length()
				+ "\r\nConnection: close\r\n\r\n" + body);
		assertThat(response.status()).isEqualTo(413);
		assertClientMistake(response, "HUB-1021");
	}

	/**
	 * Issue 20 finding 2 and sign-in (issue 26): a caller without a token is refused 401 by the security chain
	 * before the body limits read its body, so an anonymous client cannot make the hub read a hostile body.
	 */
	@Test
	void hostileBodyWithoutTokenIs401BeforeItsShapeIsRead() throws IOException {
		String body = "{\"resourceType\":\"Patient\",\"extension\":" + "[{\"extension\":".repeat(150) + "[]"
				+ "}]".repeat(150) + "}";
		Response response = exchange("POST /fhir/Patient HTTP/1.1\r\nHost: localhost:" + port + "\r\n"
				+ "Content-Type: application/fhir+json\r\nContent-Length: " + body.length()
				+ "\r\nConnection: close\r\n\r\n" + body);
		assertThat(response.status()).isEqualTo(401);
		assertThat(outcome(response).getIssueFirstRep().getDiagnostics()).startsWith("HUB-5401");
	}

	/** Issue 20 finding 2: _sort=name repeated 200 times kept a query running for minutes. */
	@Test
	void searchWithTooManySortKeysIncludesOrChainLinksIs400() throws IOException {
		assertClientMistake(request("GET /fhir/Patient?" + "_sort=name&".repeat(200) + "_count=1"), "HUB-1023");
		assertClientMistake(request("GET /fhir/Patient?_sort=" + "name,".repeat(10) + "birthdate"), "HUB-1023");
		assertClientMistake(request("GET /fhir/Observation?" + "_include=Observation:subject&".repeat(20) + "_count=1"),
				"HUB-1024");
		assertClientMistake(request("GET /fhir/Observation?subject.organization.partof.partof.name=x"), "HUB-1025");
		assertThat(request("GET /fhir/Observation?subject.name=x&_sort=-date&_include=Observation:subject").status())
				.isEqualTo(200);
	}

	private void assertClientMistake(Response response, String code) {
		assertThat(response.status()).as(response.body()).isBetween(400, 499);
		assertThat(response.contentType()).contains("fhir+json");
		String diagnostics = outcome(response).getIssueFirstRep().getDiagnostics();
		assertThat(diagnostics).startsWith(code);
		assertThat(diagnostics).doesNotContainPattern("[a-z]+\\.[a-z]+\\.[A-Za-z]+(Exception|Error)")
				.doesNotContain("Exception");
	}

	private static OperationOutcome outcome(Response response) {
		return FhirContext.forR4Cached().newJsonParser().parseResource(OperationOutcome.class, response.body());
	}

	private Response request(String requestLine) throws IOException {
		return exchange(requestLine + " HTTP/1.1\r\n" + hostAndToken()
				+ "Accept: application/fhir+json\r\n"
				+ "Connection: close\r\n\r\n");
	}

	/**
	 * A unit system's token asked for under the given Host: the embedded issuer names the hub as the request
	 * addressed it, so only a token minted under the hostile Host gets a request with that Host past sign-in
	 * (where the links are written).
	 */
	private String unitSystemTokenAt(String hostLine) throws IOException {
		String form = "grant_type=client_credentials&scope=system%2F*.cruds";
		String basic = Base64.getEncoder().encodeToString("system-XRMYY:XRMYY-demo-secret".getBytes(StandardCharsets.UTF_8));
		Response response = exchange("POST /oauth2/token HTTP/1.1\r\n" + hostLine + "Authorization: Basic " + basic
				+ "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length()
				+ "\r\nConnection: close\r\n\r\n" + form);
		Matcher token = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
		assertThat(token.find()).as(response.body()).isTrue();
		return token.group(1);
	}

	private Response exchange(String request) throws IOException {
		return RawHttp.exchange(port, request);
	}
}
