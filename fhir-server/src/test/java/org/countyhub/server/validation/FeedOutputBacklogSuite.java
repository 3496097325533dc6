package org.countyhub.server.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.gclient.TokenClientParam;
import ca.uhn.fhir.rest.gclient.UriClientParam;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.feeds.MllpClient;
import org.countyhub.server.security.token.Roles;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContext;

/**
 * {@code hub.validation.feed-output: after-ack}, the default, on H2 and on PostgreSQL: a feed message is ACKed
 * without the guide check, every version it wrote is put on the backlog in its own transaction, and the checker
 * judges them afterwards: what does not conform is tagged and listed for operators, what conforms leaves the
 * backlog, an unchanged re-send is not judged again, a later conforming version clears the finding, a transaction
 * that rolls back leaves nothing on the backlog. The shared test contexts run {@code inline}; these tests put the
 * after-ack rule in its place for their duration, with a checker they start themselves.
 */
interface FeedOutputBacklogSuite {

	ApplicationContext context();

	IGenericClient client();

	int mllpPort();

	String baseUrl();

	/** Authorization header value of the suite's default token. */
	String bearer();

	/** Authorization header value of a person with this one role. */
	String bearerAs(String role);

	/** A real token of a person with these roles acting for these units. */
	String tokenAs(List<String> roles, String... units);

	/** A FHIR client that sends this token. */
	IGenericClient clientWith(String token);

	@Test
	default void everyVersionIsJudgedAfterTheAckAndWhatFailsIsTaggedAndListedUntilALaterVersionConforms() throws Exception {
		String n = Long.toString(System.nanoTime(), 36).toUpperCase();
		String control = "C" + n;
		GuideConformance afterAck = enforcement().conformanceFor(FeedOutputMode.AFTER_ACK);
		FeedOutputBacklog backlog = enforcement().backlogFor(afterAck);

		// an LIS that lost the glucose result's time (hub-lab-1): inline this is AE, after the ACK it is AA
		MllpClient.Ack ack = withAfterAck(afterAck, backlog, () -> send(labResult(control, n, false)));
		assertThat(ack.code()).as(ack.text()).isEqualTo("AA");
		List<OutputCheckTable.Row> queued = rowsOf(OutputCheckTable.State.PENDING, control);
		assertThat(queued).extracting(r -> r.resource().replaceAll("/.*", ""))
				.containsExactlyInAnyOrder("Patient", "DiagnosticReport", "Observation", "Observation");
		assertThat(queued).allSatisfy(r -> {
			assertThat(r.version()).isEqualTo(1);
			assertThat(r.source()).endsWith("/XRMYY/" + control);
		});

		// the same message again changes nothing and queues nothing
		MllpClient.Ack again = withAfterAck(afterAck, backlog, () -> send(labResult(control, n, false)));
		assertThat(again.code()).isEqualTo("AA");
		assertThat(rowsOf(OutputCheckTable.State.PENDING, control)).hasSize(4);

		judgeAll(backlog, control);
		List<OutputCheckTable.Row> failed = rowsOf(OutputCheckTable.State.NON_CONFORMING, control);
		assertThat(failed).hasSize(1);
		OutputCheckTable.Row finding = failed.get(0);
		Observation glucose = client().read().resource(Observation.class).withId(finding.resource()).execute();
		assertThat(glucose.getCode().getCoding()).anyMatch(c -> "GLU".equals(c.getCode()));
		assertThat(glucose.getMeta().getTag(HubSystems.VALIDATION_TAG, "failed-profile")).isNotNull();
		assertThat(glucose.getMeta().getVersionId()).isEqualTo("1");
		assertThat(finding.messageId()).isEqualTo("https://countyhub.org/fhir/StructureDefinition/lab-result#hub-lab-1");
		assertThat(finding.location()).startsWith("Observation");
		assertThat(backlog.counts().nonConforming()).isEqualTo(1);
		assertThat(backlog.counts().conforming()).isEqualTo(3);
		// operators find it by REST, with its source message
		String listed = get("/admin/feeds/checks?state=NON_CONFORMING&limit=1000");
		assertThat(listed).contains("\"resource\":\"" + finding.resource() + "\"")
				.contains("\"source\":\"" + finding.source() + "\"")
				.contains("lab-result#hub-lab-1");
		assertThat(get("/admin/feeds/checks/counts")).contains("\"NON_CONFORMING\":");

		// the LIS sends the corrected result: version 2 conforms, the finding and the tag go
		FeedOutputBacklog second = enforcement().backlogFor(afterAck);
		String correction = "K" + n;
		MllpClient.Ack corrected = withAfterAck(afterAck, second, () -> send(labResult(correction, n, true)));
		assertThat(corrected.code()).as(corrected.text()).isEqualTo("AA");
		assertThat(rowsOf(OutputCheckTable.State.PENDING, correction))
				.anyMatch(r -> r.resource().equals(finding.resource()) && r.version() == 2);
		judgeAll(second, correction);
		assertThat(rowsOf(OutputCheckTable.State.NON_CONFORMING, control)).isEmpty();
		assertThat(rowsOf(OutputCheckTable.State.NON_CONFORMING, correction)).isEmpty();
		Observation fixed = client().read().resource(Observation.class).withId(finding.resource()).execute();
		assertThat(fixed.hasEffective()).isTrue();
		assertThat(fixed.getMeta().getTag(HubSystems.VALIDATION_TAG, "failed-profile")).isNull();
	}

	@Test
	default void aMessageThatRollsBackLeavesNothingOnTheBacklog() {
		GuideConformance afterAck = enforcement().conformanceFor(FeedOutputMode.AFTER_ACK);
		FeedOutputBacklog backlog = enforcement().backlogFor(afterAck);
		String source = "https://countyhub.org/fhir/feed/XRMYY/R" + Long.toString(System.nanoTime(), 36);
		Observation written = new Observation();
		written.getMeta().setSource(source);
		written.setStatus(Observation.ObservationStatus.FINAL);
		written.getCode().addCoding().setSystem("http://loinc.org").setCode("2345-7");
		// the second entry points at a Patient that does not exist: HAPI refuses the whole transaction
		Observation broken = written.copy();
		broken.setSubject(new Reference("Patient/no-such-patient-" + Long.toString(System.nanoTime(), 36)));
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		transaction.addEntry().setResource(written).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		transaction.addEntry().setResource(broken).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		Throwable refused = withAfterAck(afterAck, backlog, () -> {
			try {
				FeedWrites.write(() -> systemDao().transaction(new SystemRequestDetails(), transaction));
				return null;
			} catch (RuntimeException e) {
				return e;
			}
		});
		assertThat(refused).isNotNull();
		assertThat(table().rows(OutputCheckTable.State.PENDING, 100_000)).noneMatch(r -> source.equals(r.source()));
		assertThat(client().search().forResource(Observation.class)
				.where(new TokenClientParam("code").exactly().systemAndCode("http://loinc.org", "2345-7"))
				.and(new UriClientParam("_source").matches().value(source))
				.returnBundle(Bundle.class).execute().getEntry()).isEmpty();
	}

	default ProfileEnforcement enforcement() {
		return context().getBean(ProfileEnforcement.class);
	}

	default IInterceptorService interceptors() {
		return context().getBean(IInterceptorService.class);
	}

	default OutputCheckTable table() {
		return context().getBean(OutputCheckTable.class);
	}

	@SuppressWarnings("unchecked")
	default IFhirSystemDao<Bundle, Meta> systemDao() {
		return context().getBean(IFhirSystemDao.class);
	}

	/** Starts the checker, waits until it has judged every version the message wrote, and stops it. */
	default void judgeAll(FeedOutputBacklog backlog, String control) {
		backlog.start();
		try {
			await().atMost(Duration.ofSeconds(60)).until(() -> rowsOf(OutputCheckTable.State.PENDING, control).isEmpty()
					&& rowsOf(OutputCheckTable.State.CHECKING, control).isEmpty());
		} finally {
			backlog.shutdown();
		}
	}

	default <T> T withAfterAck(GuideConformance afterAck, FeedOutputBacklog backlog, Supplier<T> work) {
		GuideConformance inline = enforcement().conformance();
		FeedOutputQueueing queueing = enforcement().queueingFor(afterAck, backlog);
		interceptors().unregisterInterceptor(inline);
		interceptors().registerInterceptor(afterAck);
		interceptors().registerInterceptor(queueing);
		try {
			return work.get();
		} finally {
			interceptors().unregisterInterceptor(queueing);
			interceptors().unregisterInterceptor(afterAck);
			interceptors().registerInterceptor(inline);
		}
	}

	default List<OutputCheckTable.Row> rowsOf(OutputCheckTable.State state, String control) {
		return table().rows(state, 100_000).stream()
				.filter(r -> r.source() != null && r.source().endsWith("/" + control))
				.toList();
	}

	default MllpClient.Ack send(String message) {
		try (MllpClient mllp = new MllpClient(mllpPort())) {
			return mllp.send(message);
		}
	}

	default String get(String path) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient().send(
				HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Authorization", bearerAs(Roles.OPERATOR))
						.GET().build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).toString();
	}

	/** A blood sugar result with haemoglobin and glucose; {@code glucoseTimed} false: the glucose lacks its time. */
	static String labResult(String control, String n, boolean glucoseTimed) {
		return "MSH|^~\\&|LIS|XRMYY|COUNTYHUB|SFXYGT|20250301120000||ORU^R01^ORU_R01|" + control
				+ "|P|2.5.1||||||UNICODE UTF-8\r"
				+ "PID|1||M" + n + "^^^XRMYY^MR||赵^敏||19820304|F\r"
				+ "OBR|1|P" + n + "|F" + n + "|BG^血糖^L||||||||||||||||||20250301113000||LAB|F\r"
				+ "OBX|1|NM|HGB^血红蛋白^L||135|g/L|130-175|N|||F|||20250301100000\r"
				+ "OBX|2|NM|GLU^葡萄糖^L||5.2|mmol/L|3.9-6.1|N|||F|||" + (glucoseTimed ? "20250301100000" : "") + "\r";
	}
}
