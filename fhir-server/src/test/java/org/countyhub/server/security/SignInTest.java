package org.countyhub.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.support.HubServerTest;
import org.countyhub.server.support.Tokens;
import org.countyhub.server.workflow.ActingUnit;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Who is calling, against the embedded authorization server: real tokens over HTTP (client credentials for a
 * unit's system, authorization code with PKCE for a person), what they carry, and the 401 and 403 answers of the
 * endpoints a caller without the right token reaches.
 */
class SignInTest extends HubServerTest {

	private static final ObjectMapper JSON = new ObjectMapper();
	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void aPersonsTokenCarriesUnitsRolesAndFhirUserAndTheHubsAudience() throws Exception {
		JsonNode claims = claims(Tokens.signIn(baseUrl(), "clinician-wsy01", "demo-county-2026"));
		assertThat(claims.get("iss").asText()).isEqualTo(baseUrl());
		assertThat(claims.get("aud").toString()).contains("county-hub");
		assertThat(claims.get("units").toString()).isEqualTo("[\"WSY01\"]");
		assertThat(claims.get("roles").toString()).isEqualTo("[\"clinician\"]");
		assertThat(claims.get("fhirUser").asText()).isEqualTo("Practitioner/demo-clinician-wsy01");
		assertThat(claims.get("scope").toString()).contains("user/*.rs");
		assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isLessThanOrEqualTo(3600);
	}

	@Test
	void aUnitSystemsTokenComesByClientCredentials() throws Exception {
		JsonNode claims = claims(Tokens.unitSystem(context(), "WSY02"));
		assertThat(claims.get("sub").asText()).isEqualTo("system-WSY02");
		assertThat(claims.get("units").toString()).isEqualTo("[\"WSY02\"]");
		assertThat(claims.get("roles").toString()).isEqualTo("[\"unit-system\"]");
		assertThat(claims.get("scope").toString()).contains("system/*.cruds");
		assertThat(new JdbcTemplate(context().getBean(javax.sql.DataSource.class))
				.queryForObject("SELECT COUNT(*) FROM hub_signing_key", Integer.class)).isEqualTo(1);
	}

	@Test
	void withoutATokenOnly401WithAnOperationOutcome() throws Exception {
		HttpResponse<String> response = send(get("/fhir/Patient"));
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
		assertThat(response.body()).contains("\"resourceType\":\"OperationOutcome\"").contains("HUB-5401");
		assertThat(send(get("/admin/feeds/messages")).statusCode()).isEqualTo(401);
		assertThat(send(get("/actuator/metrics")).statusCode()).isEqualTo(401);
	}

	@Test
	void aTamperedOrUnsignedTokenGets401() throws Exception {
		String[] parts = token().split("\\.");
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
				.replace("\"clinician\"", "\"system-admin\"");
		String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
		assertThat(send(get("/fhir/Patient").header("Authorization", "Bearer " + parts[0] + "." + forged + "."
				+ parts[2])).statusCode()).isEqualTo(401);
		String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes());
		HttpResponse<String> unsigned = send(get("/fhir/Patient").header("Authorization", "Bearer " + none + "."
				+ parts[1] + "."));
		assertThat(unsigned.statusCode()).isEqualTo(401);
		assertThat(unsigned.body()).contains("HUB-5401");
	}

	@Test
	void capabilityDiscoveryAndHealthAnswerWithoutAToken() throws Exception {
		assertThat(send(get("/fhir/metadata")).statusCode()).isEqualTo(200);
		assertThat(send(get("/.well-known/openid-configuration")).body()).contains("\"token_endpoint\"");
		assertThat(send(get("/.well-known/oauth-authorization-server")).statusCode()).isEqualTo(200);
		HttpResponse<String> smart = send(get("/fhir/.well-known/smart-configuration"));
		assertThat(smart.statusCode()).isEqualTo(200);
		JsonNode discovery = JSON.readTree(smart.body());
		assertThat(discovery.get("token_endpoint").asText()).isEqualTo(baseUrl() + "/oauth2/token");
		assertThat(discovery.get("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
		HttpResponse<String> health = send(get("/actuator/health"));
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"").doesNotContain("\"db\"");
	}

	@Test
	void onlyOperatorsSeeTheFeedPages() throws Exception {
		HttpResponse<String> clinician = send(get("/admin/feeds/messages").header("Authorization", bearer()));
		assertThat(clinician.statusCode()).isEqualTo(403);
		assertThat(clinician.body()).contains("OperationOutcome").contains("HUB-5402");
		assertThat(send(get("/admin/feeds/messages").header("Authorization",
				"Bearer " + tokenAs(List.of(Roles.OPERATOR)))).statusCode()).isEqualTo(200);
	}

	@Test
	void theBureauSeesNoPatient() throws Exception {
		String bureau = "Bearer " + tokenAs(List.of(Roles.BUREAU_ANALYST));
		HttpResponse<String> search = send(get("/fhir/Patient?_count=1").header("Authorization", bureau));
		assertThat(search.statusCode()).isEqualTo(403);
		assertThat(search.body()).contains("HUB-5409");
		HttpResponse<String> included = send(get("/fhir/Organization?_count=1&_revinclude=Patient:organization")
				.header("Authorization", bureau));
		assertThat(included.statusCode()).isIn(200, 403);
		if (included.statusCode() == 200) {
			assertThat(included.body()).doesNotContain("\"resourceType\":\"Patient\"");
		}
		assertThat(send(get("/fhir/Organization?_count=1").header("Authorization", bureau)).statusCode())
				.isEqualTo(200);
	}

	@Test
	void theActingUnitHeaderChoosesOnlyAmongTheTokensUnits() throws Exception {
		String wsy01 = "Bearer " + tokenAs(List.of(Roles.CLINICIAN), "WSY01");
		HttpResponse<String> other = send(get("/fhir/Organization").header("Authorization", wsy01)
				.header(ActingUnit.HEADER, "XRMYY"));
		assertThat(other.statusCode()).isEqualTo(403);
		assertThat(other.body()).contains("HUB-5403");
		assertThat(send(get("/fhir/Organization").header("Authorization", wsy01).header(ActingUnit.HEADER, "WSY01"))
				.statusCode()).isEqualTo(200);
	}

	@Test
	void aUnitSystemWritesOnlyItsOwnUnitsRecords() throws Exception {
		String system = "Bearer " + Tokens.unitSystem(context(), "WSY01");
		String mrn = "signin-" + System.nanoTime();
		HttpResponse<String> foreign = send(post("/fhir/Patient", patient(mrn, "XRMYY")).header("Authorization", system));
		assertThat(foreign.statusCode()).isEqualTo(403);
		assertThat(foreign.body()).contains("HUB-5411");
		assertThat(send(get("/fhir/Patient?identifier=urn:test:mrn%7C" + mrn).header("Authorization", bearer()))
				.body()).contains("\"total\":0");
		assertThat(send(post("/fhir/Patient", patient(mrn, "WSY01")).header("Authorization", system)).statusCode())
				.isEqualTo(201);
	}

	@Test
	void expungeIsOffAndBulkExportIsTheSystemAdminsOnly() throws Exception {
		String admin = "Bearer " + tokenAs(List.of(Roles.SYSTEM_ADMIN));
		HttpResponse<String> expunge = send(post("/fhir/$expunge", "{\"resourceType\":\"Parameters\"}")
				.header("Authorization", admin));
		assertThat(expunge.statusCode()).isEqualTo(403);
		assertThat(expunge.body()).contains("HUB-5405");
		HttpResponse<String> export = send(get("/fhir/$export").header("Authorization", bearer())
				.header("Prefer", "respond-async"));
		assertThat(export.statusCode()).isEqualTo(403);
		assertThat(export.body()).contains("HUB-5406");
		HttpResponse<String> mdmClear = send(post("/fhir/$mdm-clear", "{\"resourceType\":\"Parameters\"}")
				.header("Authorization", bearer()));
		assertThat(mdmClear.statusCode()).isEqualTo(403);
		assertThat(mdmClear.body()).contains("HUB-5406");
	}

	@Test
	void aRestHookToTheCloudMetadataAddressIsRefused() throws Exception {
		String admin = "Bearer " + tokenAs(List.of(Roles.SYSTEM_ADMIN));
		HttpResponse<String> metadata = send(post("/fhir/Subscription", subscription("http://169.254.169.254/latest/meta-data"))
				.header("Authorization", admin));
		assertThat(metadata.statusCode()).isEqualTo(403);
		assertThat(metadata.body()).contains("HUB-5413");
		HttpResponse<String> clinician = send(post("/fhir/Subscription", subscription("http://127.0.0.1:9/hook"))
				.header("Authorization", bearer()));
		assertThat(clinician.statusCode()).isEqualTo(403);
		assertThat(clinician.body()).contains("HUB-5412");
	}

	private static String patient(String mrn, String unit) {
		return "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"urn:test:mrn\",\"value\":\"" + mrn + "\"}],"
				+ "\"name\":[{\"text\":\"测试\"}],\"gender\":\"unknown\","
				+ "\"managingOrganization\":{\"reference\":\"Organization/" + unit + "\"}}";
	}

	private static String subscription(String endpoint) {
		return "{\"resourceType\":\"Subscription\",\"status\":\"requested\",\"reason\":\"test\","
				+ "\"criteria\":\"Task?status=requested\",\"channel\":{\"type\":\"rest-hook\",\"endpoint\":\""
				+ endpoint + "\",\"payload\":\"application/fhir+json\"}}";
	}

	private HttpRequest.Builder get(String path) {
		return HttpRequest.newBuilder(URI.create(baseUrl() + path));
	}

	private HttpRequest.Builder post(String path, String body) {
		return HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode claims(String token) throws Exception {
		return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
	}
}
