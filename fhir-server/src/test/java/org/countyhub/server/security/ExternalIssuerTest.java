package org.countyhub.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import org.countyhub.server.support.JsonServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The production path: the hub trusts a county's own OIDC provider ({@code hub.security.issuer-uri}) instead of
 * issuing tokens itself. The provider here is the test's own: an HTTP server publishing a discovery document and a
 * JWK set, and a key the test signs with. Tokens it signs are accepted with their units and roles; expired ones,
 * another issuer's, another audience's, ones signed with another key and unsigned ones get 401.
 */
@SpringBootTest(
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = {"hub.mllp.port=0", "hub.pacs.enabled=false", "hub.security.audience=county-hub"})
class ExternalIssuerTest {

	private static final RSAKey KEY = JsonServer.newRsaKey("county-idp-1");
	private static final RSAKey OTHER_KEY = JsonServer.newRsaKey("county-idp-1");
	private static final JsonServer PROVIDER = JsonServer.start();
	private static final String ISSUER = PROVIDER.url("/realms/county");

	static {
		// the county's provider: its discovery document and its public key
		PROVIDER.serve("/realms/county/.well-known/openid-configuration", "{\"issuer\":\"" + ISSUER
						+ "\",\"jwks_uri\":\"" + ISSUER + "/certs\",\"authorization_endpoint\":\"" + ISSUER
						+ "/auth\",\"token_endpoint\":\"" + ISSUER + "/token\",\"response_types_supported\":[\"code\"],"
						+ "\"subject_types_supported\":[\"public\"],\"id_token_signing_alg_values_supported\":[\"RS256\"]}")
				.serve("/realms/county/certs", JsonServer.publicJwks(KEY));
	}

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void provider(DynamicPropertyRegistry registry) throws IOException {
		Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "hub-external-idp-")
				.toAbsolutePath();
		registry.add("hub.data-dir", dataDir::toString);
		registry.add("hub.security.issuer-uri", () -> ISSUER);
	}

	@AfterAll
	static void stopProvider() {
		PROVIDER.close();
	}

	@Test
	void tokenOfTheCountysProviderIsAcceptedWithItsRoles() throws Exception {
		assertThat(get("/fhir/Organization?identifier=WSY01", sign(KEY, claims -> claims)).statusCode())
				.isEqualTo(200);
		HttpResponse<String> admin = get("/admin/feeds/messages", sign(KEY, claims -> claims));
		assertThat(admin.statusCode()).isEqualTo(403);
		assertThat(admin.body()).contains("OperationOutcome").contains("HUB-5402");
		assertThat(get("/admin/feeds/messages", sign(KEY, claims -> new JWTClaimsSet.Builder(claims)
				.claim("roles", List.of("operator")).build())).statusCode()).isEqualTo(200);
	}

	@Test
	void expiredWrongIssuerWrongAudienceOtherKeyAndUnsignedTokensGet401() throws Exception {
		Instant longAgo = Instant.now().minusSeconds(3600);
		refused(sign(KEY, claims -> new JWTClaimsSet.Builder(claims).issueTime(Date.from(longAgo.minusSeconds(600)))
				.expirationTime(Date.from(longAgo)).build()));
		refused(sign(KEY, claims -> new JWTClaimsSet.Builder(claims).issuer("http://127.0.0.1:1/realms/other").build()));
		refused(sign(KEY, claims -> new JWTClaimsSet.Builder(claims).audience("another-service").build()));
		refused(sign(OTHER_KEY, claims -> claims));
		refused(new PlainJWT(claims()).serialize());
	}

	@Test
	void theEmbeddedAuthorizationServerIsOffWithAnExternalProvider() throws Exception {
		HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(base() + "/oauth2/token"))
						.header("Content-Type", "application/x-www-form-urlencoded")
						.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(token.statusCode()).isEqualTo(401);
		assertThat(token.body()).doesNotContain("access_token");
	}

	private void refused(String token) throws Exception {
		HttpResponse<String> response = get("/fhir/Organization", token);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				value -> assertThat(value).startsWith("Bearer").contains("invalid_token"));
		assertThat(response.body()).contains("OperationOutcome").contains("HUB-5401");
	}

	private HttpResponse<String> get(String path, String token) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", "Bearer " + token)
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private String base() {
		return "http://localhost:" + port;
	}

	private static JWTClaimsSet claims() {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(ISSUER).subject("doctor-li").audience("county-hub")
				.issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)))
				.claim("units", List.of("WSY01")).claim("roles", List.of("clinician"))
				.claim("fhirUser", "Practitioner/li").build();
	}

	private static String sign(RSAKey key, UnaryOperator<JWTClaimsSet> change) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
					change.apply(claims()));
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		} catch (JOSEException e) {
			throw new IllegalStateException(e);
		}
	}
}
