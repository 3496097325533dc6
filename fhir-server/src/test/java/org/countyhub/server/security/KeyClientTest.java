package org.countyhub.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.countyhub.server.support.JsonServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A township HIS that signs in with its own key (private_key_jwt, RFC 7523): it publishes its public key, the hub
 * is told where (hub.security.key-clients), and a client assertion signed with that key gets a unit-system token
 * for its unit; one signed with another key gets none.
 */
@SpringBootTest(
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = {"hub.mllp.port=0", "hub.pacs.enabled=false"})
class KeyClientTest {

	private static final String CLIENT = "his-wsy01";
	private static final RSAKey KEY = JsonServer.newRsaKey("wsy01-his-1");
	private static final RSAKey OTHER_KEY = JsonServer.newRsaKey("wsy01-his-1");
	/** The HIS's own key publication: its public key only. */
	private static final JsonServer HIS = JsonServer.start().serve("/jwks", JsonServer.publicJwks(KEY));

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void keyClient(DynamicPropertyRegistry registry) throws IOException {
		Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "hub-key-client-")
				.toAbsolutePath();
		registry.add("hub.data-dir", dataDir::toString);
		registry.add("hub.security.key-clients[0].client-id", () -> CLIENT);
		registry.add("hub.security.key-clients[0].unit", () -> "WSY01");
		registry.add("hub.security.key-clients[0].jwk-set-uri", () -> HIS.url("/jwks"));
	}

	@AfterAll
	static void stop() {
		HIS.close();
	}

	@Test
	void anAssertionSignedWithThePublishedKeyGetsAUnitSystemTokenForItsUnit() throws Exception {
		HttpResponse<String> answer = token(assertion(KEY));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		String accessToken = new ObjectMapper().readTree(answer.body()).get("access_token").asText();
		JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]));
		assertThat(claims.get("units").toString()).isEqualTo("[\"WSY01\"]");
		assertThat(claims.get("roles").toString()).isEqualTo("[\"unit-system\"]");

		HttpResponse<String> units = http.send(HttpRequest.newBuilder(URI.create(base() + "/fhir/Organization/WSY01"))
				.header("Authorization", "Bearer " + accessToken).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(units.statusCode()).isEqualTo(200);
		assertThat(units.body()).contains("\"id\":\"WSY01\"");
	}

	@Test
	void anAssertionSignedWithAnotherKeyGetsNoToken() throws Exception {
		HttpResponse<String> answer = token(assertion(OTHER_KEY));
		assertThat(answer.statusCode()).isEqualTo(401);
		assertThat(answer.body()).contains("invalid_client").doesNotContain("access_token");
	}

	private HttpResponse<String> token(String assertion) throws Exception {
		String form = "grant_type=client_credentials&scope=" + URLEncoder.encode("system/*.cruds", StandardCharsets.UTF_8)
				+ "&client_id=" + CLIENT
				+ "&client_assertion_type=" + URLEncoder.encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
						StandardCharsets.UTF_8)
				+ "&client_assertion=" + assertion;
		return http.send(HttpRequest.newBuilder(URI.create(base() + "/oauth2/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private String assertion(RSAKey key) {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder()
				.issuer(CLIENT).subject(CLIENT)
				.audience(List.of(base() + "/oauth2/token", base()))
				.issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(120)))
				.jwtID(UUID.randomUUID().toString())
				.build();
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		} catch (JOSEException e) {
			throw new IllegalStateException(e);
		}
	}

	private String base() {
		return "http://localhost:" + port;
	}
}
