package org.countyhub.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.countyhub.server.security.signin.HubUsers;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.security.totp.Totp;
import org.countyhub.server.support.HubServerTest;
import org.countyhub.server.support.Tokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The admins' second factor, driven over HTTP as a browser and a public client drive the authorization-code flow:
 * after the password an admin is sent to the Chinese page {@code /login/totp}; no code, no token; a wrong or
 * reused code is refused; the security admin enrols a user's authenticator app.
 */
class SecondFactorTest extends HubServerTest {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
	private static final ObjectMapper JSON = new ObjectMapper();
	private static final String PASSWORD = "Second-factor-2026";

	@Autowired
	private HubUsers users;

	@Test
	void anAdminsPasswordAloneLeadsToTheCodePageNotToACode() throws Exception {
		String admin = newUser(Roles.SYSTEM_ADMIN);
		Browser browser = new Browser();
		HttpResponse<String> afterPassword = browser.signInWithPassword(admin, PASSWORD);
		assertThat(afterPassword.statusCode()).isEqualTo(302);
		assertThat(location(afterPassword)).isEqualTo("/login/totp").doesNotContain("code=");

		HttpResponse<String> page = browser.get("/login/totp");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("lang=\"zh-CN\"").contains("<label for=\"code\">动态验证码</label>")
				.contains("name=\"code\"").contains("尚未绑定身份验证器");
		assertThat(browser.postCode("123456").headers().firstValue("Location").orElse(""))
				.endsWith("/login/totp?error");
		// asking for a code again without the second step still leads to the code page
		assertThat(location(browser.get(browser.authorizeUrl))).isEqualTo("/login/totp");
	}

	@Test
	void theSecurityAdminEnrolsAnAppAndItsCodeCompletesTheSignIn() throws Exception {
		String auditor = newUser(Roles.AUDITOR);
		HttpResponse<String> byClinician = enrol(auditor, bearer());
		assertThat(byClinician.statusCode()).isEqualTo(403);
		HttpResponse<String> enrolled = enrol(auditor, "Bearer " + tokenAs(List.of(Roles.SECURITY_ADMIN)));
		assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(200);
		JsonNode answer = JSON.readTree(enrolled.body());
		String secret = answer.get("secret").asText();
		assertThat(answer.get("otpauth").asText()).startsWith("otpauth://totp/County%20Hub%3A" + auditor + "?secret="
				+ secret);

		Browser browser = new Browser();
		browser.signInWithPassword(auditor, PASSWORD);
		String code = Totp.code(secret, Totp.step(Instant.now()));
		assertThat(browser.postCode(wrong(code)).headers().firstValue("Location").orElse("")).endsWith("?error");
		HttpResponse<String> passed = browser.postCode(code);
		assertThat(location(passed)).isEqualTo("/oauth2/authorize");
		JsonNode claims = claims(browser.tokenAfter(passed));
		assertThat(claims.get("sub").asText()).isEqualTo(auditor);
		assertThat(claims.get("roles").toString()).isEqualTo("[\"auditor\"]");

		// the same code a second time (another session, same 30 seconds) is refused
		Browser again = new Browser();
		again.signInWithPassword(auditor, PASSWORD);
		assertThat(again.postCode(code).headers().firstValue("Location").orElse("")).endsWith("/login/totp?error");
	}

	@Test
	void theDemoAdminsSignInWithTheDemoSecret() throws Exception {
		String token = Tokens.signIn(baseUrl(), "security-admin", "demo-county-2026",
				"3AYGACA7QPACBODTQF56MC6UWNZMJVJB");
		assertThat(claims(token).get("roles").toString()).isEqualTo("[\"security-admin\"]");
	}

	private String newUser(String role) {
		String user = "totp-" + System.nanoTime();
		users.save(user, PASSWORD, List.of(), List.of(role), null, false);
		return user;
	}

	private HttpResponse<String> enrol(String user, String authorization) throws Exception {
		return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + "/security/users/" + user
						+ "/totp")).header("Authorization", authorization).POST(HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static String wrong(String code) {
		return String.format("%06d", (Integer.parseInt(code) + 500_000) % 1_000_000);
	}

	private static String location(HttpResponse<String> response) {
		return URI.create(response.headers().firstValue("Location").orElse("")).getPath();
	}

	private static JsonNode claims(String token) throws Exception {
		return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
	}

	/** One browser session of the public client county-hub-web. */
	private final class Browser {

		private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
				.followRedirects(HttpClient.Redirect.NEVER).build();
		private final String verifier = "v".repeat(43) + System.nanoTime();
		final String authorizeUrl;

		Browser() throws Exception {
			byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
					.digest(verifier.getBytes(StandardCharsets.US_ASCII));
			authorizeUrl = "/oauth2/authorize?" + form(Map.of("response_type", "code", "client_id", Tokens.WEB_CLIENT,
					"redirect_uri", Tokens.REDIRECT_URI, "scope", "openid user/*.rs", "state", "s1",
					"code_challenge", Base64.getUrlEncoder().withoutPadding().encodeToString(digest),
					"code_challenge_method", "S256"));
		}

		/** Asks for a code, signs in at the login page, and follows back to the authorization endpoint. */
		HttpResponse<String> signInWithPassword(String user, String password) throws Exception {
			get(authorizeUrl);
			HttpResponse<String> loggedIn = post("/login", Map.of("username", user, "password", password), "/login");
			assertThat(location(loggedIn)).isEqualTo("/oauth2/authorize");
			return get(loggedIn.headers().firstValue("Location").orElseThrow());
		}

		HttpResponse<String> postCode(String code) throws Exception {
			return post("/login/totp", Map.of("code", code), "/login/totp");
		}

		/** The token for the code the authorization endpoint gives once the second step passed. */
		String tokenAfter(HttpResponse<String> passed) throws Exception {
			HttpResponse<String> callback = get(passed.headers().firstValue("Location").orElseThrow());
			String to = callback.headers().firstValue("Location").orElse("");
			Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(to);
			assertThat(to).startsWith(Tokens.REDIRECT_URI);
			assertThat(code.find()).isTrue();
			HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/oauth2/token"))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "authorization_code",
							"code", java.net.URLDecoder.decode(code.group(1), StandardCharsets.UTF_8),
							"redirect_uri", Tokens.REDIRECT_URI, "client_id", Tokens.WEB_CLIENT,
							"code_verifier", verifier)))).build(), HttpResponse.BodyHandlers.ofString());
			assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
			return JSON.readTree(token.body()).get("access_token").asText();
		}

		HttpResponse<String> get(String pathOrUrl) throws Exception {
			String url = pathOrUrl.startsWith("http") ? pathOrUrl : baseUrl() + pathOrUrl;
			return http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").build(),
					HttpResponse.BodyHandlers.ofString());
		}

		private HttpResponse<String> post(String path, Map<String, String> fields, String csrfPage) throws Exception {
			Matcher csrf = CSRF.matcher(get(csrfPage).body());
			assertThat(csrf.find()).as("CSRF field on " + csrfPage).isTrue();
			Map<String, String> withCsrf = new java.util.HashMap<>(fields);
			withCsrf.put("_csrf", csrf.group(1));
			return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Accept", "text/html")
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString(form(withCsrf))).build(), HttpResponse.BodyHandlers.ofString());
		}
	}

	private static String form(Map<String, String> fields) {
		return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
				+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
	}
}
