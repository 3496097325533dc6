package org.countyhub.server.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.countyhub.county.CountyDirectory;
import org.countyhub.county.MemberUnit;
import org.countyhub.feeds.intake.MllpListenerRoute;
import org.countyhub.server.security.token.Roles;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of every test that needs the running hub on the embedded H2 default: the whole application on a random
 * port with a fresh database folder. All subclasses share one Spring context (one start per test JVM), so
 * tests must not depend on an empty database: each creates its own data with unique identifiers. The request
 * size limit is lowered to 1 MB so that the limit can be tested cheaply. The application's {@link java.time.Clock}
 * is a {@link TestClock} that tests may set (and must reset).
 */
@Import(TestClock.Config.class)
@SpringBootTest(
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = {
			"hub.fhir.max-request-size=1MB",
			"hub.subscriptions.poll-interval=250ms",
			// PACS polled quickly so that studies uploaded by a test appear within a second or two
			"hub.pacs.tick=200ms",
			"hub.pacs.poll-interval=500ms",
			// each test context's MLLP listener on a free port of its own
			"hub.mllp.port=0",
			"hub.mllp.retry-interval=1s",
			"hub.mllp.stuck-after=30s",
			// the default is after-ack; the suite judges every mapped message before commit, so a mapping whose
			// output leaves the guide fails its test with the validator's reason (FeedOutputBacklogOn*Test
			// cover after-ack)
			"hub.validation.feed-output=inline",
			// the tests' hook receivers listen on the loopback address, named explicitly as a deployment would
			"hub.security.hook-allow-list=http://127.0.0.1",
			// Spring Boot's tests turn metrics export off; the scrape endpoint is what operators use
			"management.prometheus.metrics.export.enabled=true"
		})
public abstract class HubServerTest {

	private static final Path DATA_DIR = newDataDir();

	static final List<String> DEFAULT_ROLES =
			List.of(Roles.CLINICIAN, Roles.REFERRAL_COORDINATOR, Roles.READING_PHYSICIAN);

	@LocalServerPort
	protected int port;

	protected IGenericClient client;

	@DynamicPropertySource
	static void h2DataDir(DynamicPropertyRegistry registry) {
		registry.add("hub.data-dir", DATA_DIR::toString);
	}

	@Autowired
	private MllpListenerRoute mllpListener;

	@Autowired
	private ApplicationContext hub;

	/** The port the hub's MLLP listener is bound to. */
	public int mllpPort() {
		return mllpListener.port();
	}

	/** The running hub's beans (public, like the ports, for test suites written as interfaces). */
	public ApplicationContext context() {
		return hub;
	}

	@BeforeEach
	void createClient() {
		client = newClient(hub);
	}

	/**
	 * The token {@link #client} carries: a person who sees patients, refers and reads (clinician, referral
	 * coordinator, reading physician) for every member unit, choosing the acting one with {@code X-Hub-Unit}, as
	 * the existing stories do. Tests that do something else ask {@link #tokenAs} for the role that does it.
	 */
	public String token() {
		return defaultToken(hub);
	}

	/** A real token of a person with these roles acting for these units (see {@link Tokens}). */
	public String tokenAs(List<String> roles, String... units) {
		return Tokens.person(hub, roles, List.of(units));
	}

	/** A FHIR client that sends this token. */
	public IGenericClient clientWith(String token) {
		return newClient(port, token);
	}

	/** The Authorization header value of {@link #token()}, for raw HTTP calls. */
	public String bearer() {
		return "Bearer " + token();
	}

	/**
	 * Host and Authorization header lines (CRLF included) for requests written byte for byte on a socket. The
	 * Host names the port: the embedded issuer is the hub as the request addresses it, so {@link #bearer()} is
	 * only valid under the address it was minted at.
	 */
	public String hostAndToken() {
		return "Host: localhost:" + port + "\r\nAuthorization: " + bearer() + "\r\n";
	}

	/** The Authorization header value of a person with this one role and no unit (operator, system-admin, ...). */
	public String bearerAs(String role) {
		return "Bearer " + tokenAs(List.of(role));
	}

	public String baseUrl() {
		return "http://localhost:" + port;
	}

	protected String fhirBase() {
		return baseUrl() + "/fhir";
	}

	/** A FHIR client of a running hub with its default token ({@link #token()}). */
	public static IGenericClient newClient(ApplicationContext hub) {
		return newClient(((WebServerApplicationContext) hub).getWebServer().getPort(), defaultToken(hub));
	}

	public static IGenericClient newClient(int port, String token) {
		FhirContext ctx = FhirContext.forR4Cached();
		ctx.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		ctx.getRestfulClientFactory().setSocketTimeout(120_000);
		IGenericClient client = ctx.newRestfulGenericClient("http://localhost:" + port + "/fhir");
		client.registerInterceptor(new BearerTokenAuthInterceptor(token));
		return client;
	}

	static String defaultToken(ApplicationContext hub) {
		List<String> units = hub.getBean(CountyDirectory.class).units().stream().map(MemberUnit::code).toList();
		return Tokens.person(hub, DEFAULT_ROLES, units);
	}

	private static Path newDataDir() {
		try {
			Path target = Path.of("target");
			Files.createDirectories(target);
			return Files.createTempDirectory(target, "hub-test-data-").toAbsolutePath();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
