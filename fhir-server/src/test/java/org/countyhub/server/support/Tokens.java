package org.countyhub.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.countyhub.server.security.signin.HubUsers;
import org.countyhub.server.security.totp.SecondFactor;
import org.countyhub.server.security.totp.Totp;
import org.countyhub.server.security.totp.TotpSecrets;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.context.ApplicationContext;

/**
 * Real tokens from the running hub's embedded authorization server, over real HTTP, cached per hub, roles and
 * units for {@link #KEPT} (well inside their lifetime: a benchmark that loads for an hour gets fresh ones). A unit's system gets its token by client credentials (the demo county's {@code system-<unit>} client); a
 * person is made a user of the hub with the given roles and units and signs in as a browser would: the
 * authorization-code flow with PKCE S256 through the login page.
 */
public final class Tokens {

	public static final String WEB_CLIENT = "county-hub-web";
	public static final String REDIRECT_URI = "http://127.0.0.1:8400/callback";

	private static final String PASSWORD = "test-" + UUID.randomUUID();
	private static final Map<String, Minted> CACHE = new ConcurrentHashMap<>();
	private static final java.time.Duration KEPT = java.time.Duration.ofMinutes(10);
	private static final ObjectMapper JSON = new ObjectMapper();
	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	private Tokens() {}

	/** An access token of a person with these roles acting for these units (MSH-4 codes). */
	public static String person(ApplicationContext hub, List<String> roles, List<String> units) {
		String base = baseUrl(hub);
		String username = "test-" + String.join("+", roles) + "@" + String.join("+", units);
		return cached(base + " " + username, () -> {
			registerBrowserClient(hub);
			hub.getBean(HubUsers.class).save(username, PASSWORD, units, roles, "Practitioner/" + username, false);
			// the admin roles sign in with a second factor: an authenticator app enrolled for the test user
			String totpSecret = SecondFactor.required(roles) ? hub.getBean(TotpSecrets.class).enrol(username) : null;
			return signIn(base, username, PASSWORD, totpSecret);
		});
	}

	/**
	 * The demo county registers {@link #WEB_CLIENT}; a hub started with another county has no client people sign in
	 * with until its administrator registers one, so the test registers it as that administrator would.
	 */
	private static void registerBrowserClient(ApplicationContext hub) {
		RegisteredClientRepository clients = hub.getBean(RegisteredClientRepository.class);
		if (clients.findByClientId(WEB_CLIENT) != null) {
			return;
		}
		clients.save(RegisteredClient.withId(UUID.randomUUID().toString())
				.clientId(WEB_CLIENT)
				.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
				.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
				.redirectUri(REDIRECT_URI)
				.scope(OidcScopes.OPENID).scope("fhirUser").scope("user/*.rs")
				.clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
				.build());
	}

	/** An access token of the demo county's system of one member unit (client credentials). */
	public static String unitSystem(ApplicationContext hub, String unit) {
		String base = baseUrl(hub);
		return cached(base + " system " + unit, () -> clientCredentials(base, "system-" + unit, unit + "-demo-secret"));
	}

	/** The demo's monitoring system (reads /actuator/prometheus only). */
	public static String metricsScraper(ApplicationContext hub) {
		String base = baseUrl(hub);
		return cached(base + " metrics", () -> clientCredentials(base, "metrics-scraper", "metrics-scraper-demo-secret",
				"metrics"));
	}

	private record Minted(String token, java.time.Instant at) {}

	private static String cached(String key, java.util.function.Supplier<String> mint) {
		Minted minted = CACHE.get(key);
		if (minted == null || minted.at().isBefore(java.time.Instant.now().minus(KEPT))) {
			// two threads may both mint one: both tokens are valid
			minted = new Minted(mint.get(), java.time.Instant.now());
			CACHE.put(key, minted);
		}
		return minted.token();
	}

	public static String clientCredentials(String base, String clientId, String secret) {
		return clientCredentials(base, clientId, secret, "system/*.cruds");
	}

	public static String clientCredentials(String base, String clientId, String secret, String scope) {
		HttpResponse<String> response = send(HttpClient.newHttpClient(), HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
				.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
						(clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "client_credentials",
						"scope", scope))))
				.build());
		return accessToken(response);
	}

	/** The authorization-code flow with PKCE, as a browser and a public client would drive it. */
	public static String signIn(String base, String username, String password) {
		return signIn(base, username, password, null);
	}

	/**
	 * The same for an admin: after the password, the page {@code /login/totp} with the code an authenticator app
	 * holding this secret (Base32) shows now.
	 */
	public static String signIn(String base, String username, String password, String totpSecret) {
		HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
				.followRedirects(HttpClient.Redirect.NEVER).build();
		String verifier = randomUrlSafe();
		String state = randomUrlSafe();
		String authorize = base + "/oauth2/authorize?" + form(Map.of("response_type", "code", "client_id", WEB_CLIENT,
				"redirect_uri", REDIRECT_URI, "scope", "openid fhirUser user/*.rs", "state", state,
				"code_challenge", challenge(verifier), "code_challenge_method", "S256"));
		HttpResponse<String> toLogin = send(browser, page(authorize).build());
		expect(toLogin, 302, "/login");
		HttpResponse<String> loggedIn = submit(browser, base + "/login", Map.of("username", username,
				"password", password));
		String back = expect(loggedIn, 302, "/oauth2/authorize");
		HttpResponse<String> redirected = send(browser, page(back.startsWith("http") ? back : base + back).build());
		if (totpSecret != null) {
			expect(redirected, 302, "/login/totp");
			HttpResponse<String> passed = submit(browser, base + "/login/totp",
					Map.of("code", Totp.code(totpSecret, Totp.step(Instant.now()))));
			back = expect(passed, 302, "/oauth2/authorize");
			redirected = send(browser, page(back.startsWith("http") ? back : base + back).build());
		}
		String callback = expect(redirected, 302, REDIRECT_URI);
		Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(callback);
		if (!callback.contains("state=" + state) || !code.find()) {
			throw new IllegalStateException("no code for this state in " + callback);
		}
		HttpResponse<String> token = send(browser, HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "authorization_code",
						"code", urlDecode(code.group(1)), "redirect_uri", REDIRECT_URI, "client_id", WEB_CLIENT,
						"code_verifier", verifier))))
				.build());
		return accessToken(token);
	}

	/** Fills and posts a form as a browser does: the page first, for its CSRF token. */
	private static HttpResponse<String> submit(HttpClient browser, String url, Map<String, String> fields) {
		HttpResponse<String> shown = send(browser, page(url).build());
		Matcher csrf = CSRF.matcher(shown.body());
		if (!csrf.find()) {
			throw new IllegalStateException("no CSRF token on " + url + ": " + shown.body());
		}
		Map<String, String> withCsrf = new java.util.HashMap<>(fields);
		withCsrf.put("_csrf", csrf.group(1));
		return send(browser, page(url).header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form(withCsrf))).build());
	}

	public static String baseUrl(ApplicationContext hub) {
		return "http://localhost:" + ((WebServerApplicationContext) hub).getWebServer().getPort();
	}

	private static HttpRequest.Builder page(String url) {
		return HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html");
	}

	private static String expect(HttpResponse<String> response, int status, String locationStart) {
		String location = response.headers().firstValue("Location").orElse("");
		if (response.statusCode() != status || !(location.startsWith(locationStart)
				|| URI.create(location).getPath().startsWith(locationStart))) {
			throw new IllegalStateException("expected " + status + " to " + locationStart + " from "
					+ response.request().uri() + ", got " + response.statusCode() + " to " + location);
		}
		return location;
	}

	private static String accessToken(HttpResponse<String> response) {
		try {
			JsonNode json = JSON.readTree(response.body());
			if (response.statusCode() != 200 || !json.hasNonNull("access_token")) {
				throw new IllegalStateException("no token: " + response.statusCode() + " " + response.body());
			}
			return json.get("access_token").asText();
		} catch (IOException e) {
			throw new IllegalStateException("no token: " + response.body(), e);
		}
	}

	private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
		try {
			return client.send(request, HttpResponse.BodyHandlers.ofString());
		} catch (IOException e) {
			throw new IllegalStateException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	private static String form(Map<String, String> fields) {
		return fields.entrySet().stream()
				.map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
						+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
				.collect(Collectors.joining("&"));
	}

	private static String urlDecode(String value) {
		return java.net.URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

	private static String randomUrlSafe() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static String challenge(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
