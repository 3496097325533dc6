package org.countyhub.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.countyhub.server.feeds.FeedMessages;
import org.countyhub.server.feeds.MllpClient;
import org.countyhub.server.security.signin.HubUsers;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.security.totp.TotpSecrets;
import org.countyhub.server.support.HubServerTest;
import org.countyhub.server.support.Tokens;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.Test;

/**
 * The access records of what happens outside the FHIR reads and writes (docs/access.md): sign-ins and refused
 * sign-ins (password, 动态验证码, an OAuth client at the token endpoint), each HL7 v2 message the feeds answered,
 * and exports (a figures CSV, a bulk export), as the auditor sees them in {@code $audit-trail}.
 */
class AccessRecordsOfSignInsFeedsAndExportsTest extends HubServerTest {

	private static final String PASSWORD = "Sign-in-" + java.util.UUID.randomUUID();

	@Test
	void signInsAndRefusedSignInsAreRecorded() {
		String user = FeedMessages.unique("audit-user-").toLowerCase();
		context().getBean(HubUsers.class).save(user, PASSWORD, List.of("WSY01"), List.of(Roles.CLINICIAN),
				"Practitioner/" + user, false);
		assertThat(Tokens.signIn(baseUrl(), user, PASSWORD)).isNotBlank();
		assertThat(catchThrowable(() -> Tokens.signIn(baseUrl(), user, "not-the-password"))).isNotNull();

		String admin = FeedMessages.unique("audit-admin-").toLowerCase();
		context().getBean(HubUsers.class).save(admin, PASSWORD, List.of(), List.of(Roles.SECURITY_ADMIN),
				"Practitioner/" + admin, false);
		String secret = context().getBean(TotpSecrets.class).enrol(admin);
		assertThat(Tokens.signIn(baseUrl(), admin, PASSWORD, secret)).isNotBlank();

		assertThat(Tokens.clientCredentials(baseUrl(), "metrics-scraper", "metrics-scraper-demo-secret", "metrics"))
				.isNotBlank();
		assertThat(catchThrowable(() -> Tokens.clientCredentials(baseUrl(), "metrics-scraper", "wrong-secret",
				"metrics"))).isNotNull();

		List<AuditEvent> trail = trail();
		List<AuditEvent> logins = about(trail, "110122", user);
		assertThat(logins).extracting(AuditEvent::getOutcome)
				.containsExactlyInAnyOrder(AuditEvent.AuditEventOutcome._0, AuditEvent.AuditEventOutcome._4);
		assertThat(logins).allSatisfy(e -> {
			assertThat(e.getType().getCode()).isEqualTo("110114");
			assertThat(requestor(e).getNetwork().getAddress()).isNotBlank();
		});
		assertThat(about(trail, "110122", admin)).extracting(AuditEvent::getOutcomeDesc)
				.containsExactlyInAnyOrder("signed in (password)", "signed in (TOTP code)");
		assertThat(about(trail, "110122", "metrics-scraper")).extracting(AuditEvent::getOutcome)
				.contains(AuditEvent.AuditEventOutcome._0, AuditEvent.AuditEventOutcome._4);
	}

	@Test
	void eachFeedMessageIsRecordedByUnitAndControlIdWithItsAnswer() {
		String accepted = FeedMessages.unique("AUD");
		String refused = FeedMessages.unique("AUD");
		try (MllpClient mllp = new MllpClient(mllpPort())) {
			assertThat(mllp.send(admission("WSY01", accepted)).code()).isEqualTo("AA");
			assertThat(mllp.send(admission("NOSUCHUNIT", refused)).code()).isEqualTo("AE");
		}
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			List<AuditEvent> trail = trail();
			// AssertionError, not NoSuchElementException: Awaitility retries only assertion failures
			AuditEvent ok = message(trail, accepted).orElseThrow(() -> new AssertionError("no record of " + accepted));
			assertThat(ok.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
			assertThat(requestor(ok).getWho().getIdentifier().getValue()).isEqualTo("WSY01");
			assertThat(ok.getEntityFirstRep().getDetailFirstRep().getValue().primitiveValue()).startsWith("ADT^A04");
			AuditEvent no = message(trail, refused).orElseThrow(() -> new AssertionError("no record of " + refused));
			assertThat(no.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
			assertThat(no.getOutcomeDesc()).startsWith("AE").contains("HUB-2003");
		});
		assertThat(verified()).isTrue();
	}

	@Test
	void aFiguresDownloadAndABulkExportAreRecordedBeforeTheyLeave() throws Exception {
		String month = YearMonth.now(ZoneId.of("Asia/Shanghai")).toString();
		HttpResponse<String> csv = get("/recognition/figures.csv?month=" + month, bearerAs(Roles.BUREAU_ANALYST), null);
		assertThat(csv.statusCode()).isEqualTo(200);
		HttpResponse<String> export = get("/fhir/$export?_type=Organization", bearerAs(Roles.SYSTEM_ADMIN),
				"respond-async");
		assertThat(export.statusCode()).as(export.body()).isEqualTo(202);

		List<AuditEvent> trail = trail();
		AuditEvent download = trail.stream().filter(e -> subtype(e).equals("download")).findFirst().orElseThrow();
		assertThat(download.getType().getCode()).isEqualTo("110106");
		assertThat(new String(download.getEntityFirstRep().getQuery(), StandardCharsets.UTF_8))
				.isEqualTo("/recognition/figures.csv?month=" + month);
		assertThat(requestor(download).getWho().getIdentifier().getValue()).isEqualTo("test-bureau-analyst@");
		AuditEvent bulk = trail.stream().filter(e -> subtype(e).equals("bulk-export")).findFirst().orElseThrow();
		assertThat(bulk.getType().getCode()).isEqualTo("110106");
		assertThat(bulk.getEntity()).anySatisfy(entity -> assertThat(new String(entity.getQuery(),
				StandardCharsets.UTF_8)).contains("$export?_type=Organization"));
	}

	static String admission(String unit, String controlId) {
		String mrn = FeedMessages.unique("M");
		return "MSH|^~\\&|HIS|" + unit + "|COUNTYHUB|SFXYGT|20250301101500||ADT^A04^ADT_A01|" + controlId
				+ "|P|2.5.1||||||UNICODE UTF-8\r"
				+ "EVN|A04|20250301101500\r"
				+ "PID|1||" + mrn + "^^^" + unit + "^MR~" + FeedMessages.idCard() + "^^^CHN^NNCHN||测试^审计"
				+ "||19800115|F\r"
				+ "PV1|1|O|内科^^^" + unit + "||||1001^李^医生||||||||||||" + FeedMessages.unique("V") + "\r";
	}

	private List<AuditEvent> trail() {
		IGenericClient auditor = clientWith(tokenAs(List.of(Roles.AUDITOR)));
		Bundle bundle = auditor.operation().onServer().named("$audit-trail")
				.withParameters(new Parameters().addParameter("_count", new IntegerType(300)))
				.useHttpGet().returnResourceType(Bundle.class).execute();
		return bundle.getEntry().stream().map(e -> (AuditEvent) e.getResource()).toList();
	}

	private boolean verified() {
		IGenericClient auditor = clientWith(tokenAs(List.of(Roles.AUDITOR)));
		return auditor.operation().onServer().named("$verify-audit-chain").withNoParameters(Parameters.class)
				.useHttpGet().execute().getParameterBool("intact");
	}

	private static List<AuditEvent> about(List<AuditEvent> trail, String subtype, String who) {
		return trail.stream().filter(e -> subtype(e).equals(subtype))
				.filter(e -> who.equals(requestor(e).getWho().getIdentifier().getValue())).toList();
	}

	private static Optional<AuditEvent> message(List<AuditEvent> trail, String controlId) {
		return trail.stream().filter(e -> subtype(e).equals("feed-intake"))
				.filter(e -> controlId.equals(e.getEntityFirstRep().getWhat().getIdentifier().getValue())).findFirst();
	}

	private static String subtype(AuditEvent event) {
		return event.getSubtypeFirstRep().getCode() == null ? "" : event.getSubtypeFirstRep().getCode();
	}

	private static AuditEvent.AuditEventAgentComponent requestor(AuditEvent event) {
		return event.getAgent().stream().filter(AuditEvent.AuditEventAgentComponent::getRequestor).findFirst()
				.orElseThrow();
	}

	private HttpResponse<String> get(String path, String authorization, String prefer) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
				.header("Authorization", authorization).GET();
		if (prefer != null) {
			request.header("Prefer", prefer).header("Accept", "application/fhir+json");
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}
}
