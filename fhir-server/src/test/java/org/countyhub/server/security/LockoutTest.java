package org.countyhub.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.countyhub.server.security.lockout.LockoutProperties;
import org.countyhub.server.security.lockout.SignInFailures;
import org.countyhub.server.security.signin.HubUsers;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.support.HubServerTest;
import org.countyhub.server.support.TestClock;
import org.countyhub.server.support.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The login's lockout, driven as a browser drives the login page: five wrong passwords within the window lock the
 * account, the locked account and a wrong password get the same answer, the count lives in the database, and the
 * security admin unlocks.
 */
class LockoutTest extends HubServerTest {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
	private static final String PASSWORD = "Lockout-test-2026";

	@Autowired
	private HubUsers users;

	@Autowired
	private SignInFailures failures;

	@Autowired
	private TestClock clock;

	private final HttpClient http = HttpClient.newHttpClient();

	@AfterEach
	void resetClock() {
		clock.reset();
	}

	@Test
	void theFifthWrongPasswordLocksTheAccountAndTheRightOneThenGetsTheSameAnswer() throws Exception {
		String user = newUser();
		String firstWrong = wrongPasswordAnswer(user);
		for (int i = 2; i <= 5; i++) {
			assertThat(wrongPasswordAnswer(user)).as("answer to failure %d", i).isEqualTo(firstWrong);
		}
		assertThat(loginAnswer(user, PASSWORD)).as("the right password of a locked account").isEqualTo(firstWrong);
		assertThat(loginAnswer("no-such-user-" + System.nanoTime(), PASSWORD)).as("an unknown user")
				.isEqualTo(firstWrong);
		assertThatThrownBy(() -> Tokens.signIn(baseUrl(), user, PASSWORD)).hasMessageContaining("/login?error");

		// another instance on the same database (or this one after a restart) counts the same failures
		LockoutProperties lockout = new LockoutProperties(5, Duration.ofMinutes(15));
		SignInFailures otherInstance = new SignInFailures(
				new JdbcTemplate(context().getBean(DataSource.class)), lockout, Clock.systemUTC());
		assertThat(otherInstance.locked(user)).isTrue();
	}

	@Test
	void fourFailuresLockNothingAndASuccessForgetsThem() throws Exception {
		String user = newUser();
		for (int i = 0; i < 4; i++) {
			wrongPasswordAnswer(user);
		}
		assertThat(Tokens.signIn(baseUrl(), user, PASSWORD)).isNotBlank();
		for (int i = 0; i < 4; i++) {
			wrongPasswordAnswer(user);
		}
		assertThat(Tokens.signIn(baseUrl(), user, PASSWORD)).as("the count began again after the success")
				.isNotBlank();
	}

	@Test
	void theSecurityAdminSeesAndUnlocksALockedAccount() throws Exception {
		String user = lockedUser();
		String admin = "Bearer " + tokenAs(List.of(Roles.SECURITY_ADMIN));
		HttpResponse<String> locked = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/security/locked-users"))
				.header("Authorization", admin));
		assertThat(locked.statusCode()).isEqualTo(200);
		assertThat(locked.body()).contains("\"" + user + "\"");

		HttpResponse<String> byClinician = send(unlock(user).header("Authorization", bearer()));
		assertThat(byClinician.statusCode()).isEqualTo(403);
		assertThat(byClinician.body()).contains("HUB-5402");
		assertThat(send(unlock(user).header("Authorization", bearerAs(Roles.SYSTEM_ADMIN))).statusCode())
				.as("the system admin's duty is not the security admin's").isEqualTo(403);

		HttpResponse<String> unlocked = send(unlock(user).header("Authorization", admin));
		assertThat(unlocked.statusCode()).isEqualTo(200);
		assertThat(new ObjectMapper().readTree(unlocked.body()).get("wasLocked").asBoolean()).isTrue();
		assertThat(Tokens.signIn(baseUrl(), user, PASSWORD)).isNotBlank();
	}

	@Test
	void aLockOpensOnItsOwnOnceTheFailuresAreOlderThanTheWindow() throws Exception {
		String user = lockedUser();
		clock.set(clock.instant().plus(Duration.ofMinutes(16)));
		assertThat(Tokens.signIn(baseUrl(), user, PASSWORD)).isNotBlank();
	}

	@Test
	void storedPasswordsFollowThePolicy() {
		String user = "policy-" + System.nanoTime();
		assertThatThrownBy(() -> users.save(user, "Short-1", List.of(), List.of(Roles.CLINICIAN), null, false))
				.hasMessageContaining("at least 10 characters");
		assertThatThrownBy(() -> users.save(user, "onlylowercase", List.of(), List.of(Roles.CLINICIAN), null, false))
				.hasMessageContaining("three of");
		assertThatThrownBy(() -> users.save(user, "X1-" + user, List.of(), List.of(Roles.CLINICIAN), null, false))
				.hasMessageContaining("user name");
		assertThat(users.find(user)).isEmpty();
		users.save(user, PASSWORD, List.of(), List.of(Roles.CLINICIAN), null, false);
		assertThat(users.find(user)).isPresent();
	}

	private String newUser() {
		String user = "lockout-" + System.nanoTime();
		users.save(user, PASSWORD, List.of("WSY01"), List.of(Roles.CLINICIAN), null, false);
		return user;
	}

	private String lockedUser() throws Exception {
		String user = newUser();
		for (int i = 0; i < 5; i++) {
			wrongPasswordAnswer(user);
		}
		assertThat(failures.locked(user)).isTrue();
		return user;
	}

	private String wrongPasswordAnswer(String user) throws Exception {
		return loginAnswer(user, "Wrong-password-1");
	}

	/** What the browser is shown after posting the login form: the redirect and the page it leads to. */
	private String loginAnswer(String user, String password) throws Exception {
		HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
				.followRedirects(HttpClient.Redirect.NEVER).build();
		HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/login")).build(),
				HttpResponse.BodyHandlers.ofString());
		Matcher csrf = CSRF.matcher(page.body());
		assertThat(csrf.find()).as("CSRF field on the login page").isTrue();
		HttpResponse<String> posted = browser.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/login"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("username=" + encode(user) + "&password=" + encode(password)
						+ "&_csrf=" + encode(csrf.group(1))))
				.build(), HttpResponse.BodyHandlers.ofString());
		String location = posted.headers().firstValue("Location").orElse("");
		HttpResponse<String> shown = browser.send(HttpRequest.newBuilder(URI.create(location.startsWith("http")
				? location : baseUrl() + location)).build(), HttpResponse.BodyHandlers.ofString());
		return posted.statusCode() + " " + URI.create(location).getPath() + "?" + URI.create(location).getQuery()
				// the page shows the name as typed again, whoever it names; what must not differ is everything else
				+ "\n" + CSRF.matcher(shown.body()).replaceAll("_csrf").replace(user, "<typed name>");
	}

	private HttpRequest.Builder unlock(String user) {
		return HttpRequest.newBuilder(URI.create(baseUrl() + "/security/users/" + user + "/unlock"))
				.POST(HttpRequest.BodyPublishers.noBody());
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}
}
