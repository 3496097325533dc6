package org.countyhub.server.critical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.countyhub.server.critical.CriticalValueMessages.admission;
import static org.countyhub.server.critical.CriticalValueMessages.idCard;
import static org.countyhub.server.critical.CriticalValueMessages.order;
import static org.countyhub.server.critical.CriticalValueMessages.result;
import static org.countyhub.server.critical.CriticalValueMessages.unique;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.apache.camel.ProducerTemplate;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.feeds.MllpClient;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.support.HookReceiver;
import org.countyhub.server.support.TestClock;
import org.countyhub.server.support.Tokens;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContext;

/**
 * Issue 23's story on each database (see the implementing classes): 城关镇卫生院 orders a potassium test for a patient
 * who is also in hospital at 示范县中医医院; the county lab's ORU with K 6.9 mmol/L (HH) opens, within the message's
 * commit, a Communication to both units and a Task at the township, and the township's rest-hook endpoint is told;
 * a wrong read-back is refused, the right one closes the loop; the message again (and re-sent under a new control
 * id) opens nothing new; a result only the county table calls critical (no flag) is caught; a correction that is no
 * longer critical closes its loop with a note; an unacknowledged one escalates step by step (clock set, never
 * waited for), and "could not reach" escalates at once; a scripted day's figures match hand counts.
 */
interface CriticalValueStory {

	IGenericClient client();

	int mllpPort();

	ApplicationContext context();

	String tokenAs(List<String> roles, String... units);

	IGenericClient clientWith(String token);

	String baseUrl();

	default TestClock clock() {
		return context().getBean(TestClock.class);
	}

	@AfterEach
	default void resetClock() {
		clock().reset();
	}

	@Test
	default void aCountyLabsCriticalPotassiumReachesTheTownshipIsReadBackAndClosed() throws Exception {
		String card = idCard();
		String townshipMrn = unique("M");
		String labMrn = unique("L");
		String placer = unique("P");
		String filler = unique("F");
		Instant now = Instant.now();
		try (HookReceiver receiver = new HookReceiver()) {
			String subscription = subscribe("WSY01", receiver);
			assertAck(send(admission("XZYY", unique("C"), unique("Z"), card, now.minusSeconds(86_400))));
			assertAck(send(order("WSY01", unique("C"), townshipMrn, card, placer, now.minusSeconds(3600))));
			String oru = result(unique("C"), labMrn, card, placer, filler, "K", "钾", "6.9", "mmol/L", "HH", "F", now);
			assertAck(send(oru));

			// in the message's commit: the Communication and the Task are there as soon as the ACK is
			Observation potassium = observation(filler, "K");
			Communication communication = loopOf(potassium);
			assertThat(communication.getRecipient()).extracting(Reference::getReference)
					.containsExactlyInAnyOrder("Organization/WSY01", "Organization/XZYY");
			assertThat(communication.getSender().getReference()).isEqualTo("Organization/XRMYY");
			assertThat(basis(communication)).containsExactlyInAnyOrder("lab-flag", "county-table");
			assertThat(communication.getPayloadFirstRep().getContentStringType().getValue()).contains("血钾", "6.9");
			Task task = taskOf(communication);
			assertThat(task.getOwner().getReference()).isEqualTo("Organization/WSY01");
			assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
			assertThat(task.getMeta().getProfile()).extracting(p -> p.getValue())
					.contains(HubSystems.CRITICAL_VALUE_TASK_PROFILE);
			ServiceRequest township = client().read().resource(ServiceRequest.class)
					.withUrl(task.getBasedOnFirstRep().getReference()).execute();
			assertThat(township.getRequester().getReference()).isEqualTo("Organization/WSY01");
			assertThat(Duration.between(task.getAuthoredOn().toInstant(),
					task.getRestriction().getPeriod().getEnd().toInstant())).isEqualTo(Duration.ofMinutes(15));

			String marker = "Observation/" + potassium.getIdElement().getIdPart();
			await().atMost(Duration.ofSeconds(60)).until(() -> receiver.deliveries().stream()
					.anyMatch(d -> d.body().contains(marker)));

			// a wrong read-back is refused and nothing is recorded; the right one closes the loop
			IGenericClient townshipDoctor = clientWith(tokenAs(List.of(Roles.CLINICIAN), "WSY01"));
			String taskId = task.getIdElement().getIdPart();
			assertThatThrownBy(() -> acknowledge(townshipDoctor, taskId, "李医生", "钾 6.6", "treated", null))
					.isInstanceOfSatisfying(UnprocessableEntityException.class,
							e -> assertThat(e.getMessage()).contains("HUB-5783"));
			assertThat(read(taskId).getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
			IGenericClient countyDoctor = clientWith(tokenAs(List.of(Roles.CLINICIAN), "XZYY"));
			assertThatThrownBy(() -> acknowledge(countyDoctor, taskId, "张医生", "6.9", "treated", null))
					.hasMessageContaining("HUB-5781");
			Task done = acknowledge(townshipDoctor, taskId, "李医生", "钾 6.90 mmol/L", "phone-contacted",
					"患者已回家，电话通知即刻返院复查");
			assertThat(done.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
			assertThat(done.getExecutionPeriod().hasEnd()).isTrue();
			assertThat(done.getOutput()).extracting(o -> o.getValue().primitiveValue())
					.contains("李医生", "钾 6.90 mmol/L", "患者已回家，电话通知即刻返院复查");

			// the message again, and the same result re-sent under a new control id: no second loop
			assertAck(send(oru));
			assertAck(send(result(unique("C"), labMrn, card, placer, filler, "K", "钾", "6.9", "mmol/L", "HH", "F", now)));
			assertThat(loopsOf(potassium)).hasSize(1);
			unsubscribe(subscription);
		}
	}

	@Test
	default void aResultOnlyTheCountyTableCallsCriticalIsCaughtAndACorrectionClosesItsLoop() {
		String card = idCard();
		String mrn = unique("L");
		Instant now = Instant.now();
		// glucose 1.8 mmol/L, flagged only L by the lab: the county table's low limit is 2.2
		String glucoseFiller = unique("F");
		assertAck(send(result(unique("C"), mrn, card, unique("P"), glucoseFiller, "GLU", "葡萄糖", "1.8", "mmol/L", "L",
				"F", now)));
		Communication glucose = loopOf(observation(glucoseFiller, "GLU"));
		assertThat(basis(glucose)).containsExactly("county-table");
		assertThat(taskOf(glucose).getOwner().getReference()).isEqualTo("Organization/XRMYY");

		// a normal potassium opens nothing
		String normalFiller = unique("F");
		assertAck(send(result(unique("C"), mrn, card, unique("P"), normalFiller, "K", "钾", "4.1", "mmol/L", "N", "F",
				now)));
		assertThat(loopsOf(observation(normalFiller, "K"))).isEmpty();

		// K 7.1, then corrected to 5.1: the loop is closed with a note
		String placer = unique("P");
		String filler = unique("F");
		assertAck(send(result(unique("C"), mrn, card, placer, filler, "K", "钾", "7.1", "mmol/L", "HH", "F", now)));
		Communication potassium = loopOf(observation(filler, "K"));
		assertAck(send(result(unique("C"), mrn, card, placer, filler, "K", "钾", "5.1", "mmol/L", "N", "C",
				now.plusSeconds(300))));
		Task closed = taskOf(potassium);
		assertThat(closed.getStatus()).isEqualTo(Task.TaskStatus.CANCELLED);
		assertThat(closed.getStatusReason().getText()).contains("不再为危急值");
		assertThat(closed.getNote()).anySatisfy(n -> assertThat(n.getText()).contains("5.1"));
	}

	@Test
	default void anUnacknowledgedCriticalValueEscalatesStepByStepAndCouldNotReachEscalatesAtOnce() {
		String card = idCard();
		String mrn = unique("L");
		Instant now = Instant.now();
		String filler = unique("F");
		String placer = unique("P");
		assertAck(send(order("WSY01", unique("C"), unique("M"), card, placer, now.minusSeconds(3600))));
		assertAck(send(result(unique("C"), mrn, card, placer, filler, "K", "钾", "2.1", "mmol/L", "LL", "F", now)));
		Task task = taskOf(loopOf(observation(filler, "K")));
		assertThat(task.getOwner().getReference()).isEqualTo("Organization/WSY01");
		String id = task.getIdElement().getIdPart();
		Instant notified = task.getAuthoredOn().toInstant();

		clock().set(notified.plus(Duration.ofMinutes(14)));
		escalate();
		assertThat(read(id).getBusinessStatus().getText()).isEqualTo("已通报待确认");
		clock().set(notified.plus(Duration.ofMinutes(16)));
		escalate();
		Task first = read(id);
		assertThat(first.getBusinessStatus().getText()).isEqualTo("已升级：值班联系人");
		assertThat(first.getNote()).singleElement().satisfies(n -> assertThat(n.getText()).contains("0571-88000301"));
		escalate();
		assertThat(read(id).getNote()).hasSize(1);
		clock().set(notified.plus(Duration.ofMinutes(32)));
		escalate();
		Task second = read(id);
		assertThat(second.getBusinessStatus().getText()).isEqualTo("已升级：检验单位及牵头医院医务科");
		assertThat(second.getRestriction().getRecipient()).extracting(Reference::getDisplay)
				.contains("示范县人民医院医务科");
		assertThat(second.getRestriction().getRecipient()).extracting(Reference::getReference)
				.containsExactly("Organization/WSY01", "Organization/XRMYY");
		assertThat(second.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
		clock().reset();

		// could not reach the patient: recorded, still open, escalated at once
		String other = unique("F");
		assertAck(send(result(unique("C"), mrn, card, unique("P"), other, "NA", "钠", "118", "mmol/L", "LL", "F", now)));
		String otherId = taskOf(loopOf(observation(other, "NA"))).getIdElement().getIdPart();
		Task attempted = acknowledge(clientWith(tokenAs(List.of(Roles.CLINICIAN), "XRMYY")), otherId, "赵医生", null,
				"could-not-reach", "电话无人接听");
		assertThat(attempted.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
		assertThat(attempted.getBusinessStatus().getText()).isEqualTo("已升级：值班联系人");
		assertThat(attempted.getOutput()).extracting(o -> o.getValue().primitiveValue()).contains("电话无人接听");
	}

	@Test
	default void aScriptedDaysFiguresMatchHandCounts() throws Exception {
		String card = idCard();
		String mrn = unique("W");
		String labMrn = unique("L");
		OffsetDateTime nine = OffsetDateTime.parse("2024-02-10T09:00:00+08:00");
		String[] placers = {unique("P"), unique("P"), unique("P")};
		String[] fillers = {unique("F"), unique("F"), unique("F")};
		// resulted 2 min, 20 min and 1 min before the hub notified at 09:00
		int[] minutesBefore = {2, 20, 1};
		clock().set(nine.toInstant());
		for (int i = 0; i < 3; i++) {
			assertAck(send(order("WSY02", unique("C"), mrn, card, placers[i], nine.minusHours(2).toInstant())));
			assertAck(send(result(unique("C"), labMrn, card, placers[i], fillers[i], "K", "钾", "6." + (5 + i),
					"mmol/L", "HH", "F", nine.minusMinutes(minutesBefore[i]).toInstant())));
		}
		String[] tasks = new String[3];
		for (int i = 0; i < 3; i++) {
			tasks[i] = taskOf(loopOf(observation(fillers[i], "K"))).getIdElement().getIdPart();
		}
		IGenericClient doctor = clientWith(tokenAs(List.of(Roles.CLINICIAN), "WSY02"));
		clock().set(nine.plusMinutes(5).toInstant());
		acknowledge(doctor, tasks[0], "孙医生", "6.5", "recalled", null);
		clock().set(nine.plusMinutes(12).toInstant());
		acknowledge(doctor, tasks[1], "孙医生", "6.6", "treated", null);
		clock().set(nine.plusMinutes(16).toInstant());
		escalate();
		clock().reset();

		JsonNode figures = figures("2024-02", "WSY02", Tokens.person(context(), List.of(Roles.BUREAU_ANALYST), List.of()));
		JsonNode row = figures.path("rows").get(0);
		assertThat(figures.path("rows")).hasSize(1);
		assertThat(row.path("unit").asText()).isEqualTo("WSY02");
		assertThat(row.path("loops").asInt()).isEqualTo(3);
		assertThat(row.path("notifiedInTime").asInt()).isEqualTo(2);
		assertThat(row.path("notifiedInTimePercent").asDouble()).isEqualTo(66.7);
		assertThat(row.path("acknowledged").asInt()).isEqualTo(2);
		assertThat(row.path("acknowledgeMedianMinutes").asDouble()).isEqualTo(5.0);
		assertThat(row.path("acknowledgeP90Minutes").asDouble()).isEqualTo(12.0);
		assertThat(row.path("escalated").asInt()).isEqualTo(1);
		assertThat(row.path("open").asInt()).isEqualTo(1);
		assertThat(figures.path("unacknowledged")).hasSize(1);
		assertThat(figures.path("unacknowledged").get(0).path("task").asText()).isEqualTo(tasks[2]);

		HttpResponse<String> csv = get("/critical-values/figures.csv?month=2024-02&unit=WSY02",
				Tokens.person(context(), List.of(Roles.BUREAU_ANALYST), List.of()));
		assertThat(csv.statusCode()).isEqualTo(200);
		assertThat(csv.body()).contains("2024-02,WSY02,河西乡卫生院,3,2,66.7,2,5.0,12.0,1,0,1");
		assertThat(get("/critical-values/figures?month=2024-02", tokenAs(List.of(Roles.CLINICIAN), "WSY02"))
				.statusCode()).isEqualTo(403);
	}

	// ---- helpers ----

	default MllpClient.Ack send(String message) {
		try (MllpClient mllp = new MllpClient(mllpPort())) {
			return mllp.send(message, StandardCharsets.UTF_8);
		}
	}

	default void assertAck(MllpClient.Ack ack) {
		assertThat(ack.code()).as(ack.text()).isEqualTo("AA");
	}

	default Observation observation(String filler, String item) {
		List<Observation> found = client().search().forResource(Observation.class)
				.where(Observation.IDENTIFIER.exactly().systemAndIdentifier(
						HubSystems.unitIdentifierSystem("XRMYY", "observation"), filler + "/" + item))
				.returnBundle(Bundle.class).execute().getEntry().stream().map(e -> (Observation) e.getResource())
				.toList();
		assertThat(found).hasSize(1);
		return found.get(0);
	}

	default List<Communication> loopsOf(Observation observation) {
		return client().search().forResource(Communication.class)
				.where(Communication.IDENTIFIER.exactly().systemAndIdentifier(HubSystems.CRITICAL_VALUE_ID,
						"Observation/" + observation.getIdElement().getIdPart()))
				.returnBundle(Bundle.class).execute().getEntry().stream().map(e -> (Communication) e.getResource())
				.toList();
	}

	default Communication loopOf(Observation observation) {
		List<Communication> loops = loopsOf(observation);
		assertThat(loops).hasSize(1);
		return loops.get(0);
	}

	default Task taskOf(Communication communication) {
		List<Task> tasks = client().search().forResource(Task.class)
				.where(Task.FOCUS.hasId("Communication/" + communication.getIdElement().getIdPart()))
				.returnBundle(Bundle.class).execute().getEntry().stream().map(e -> (Task) e.getResource()).toList();
		assertThat(tasks).hasSize(1);
		return tasks.get(0);
	}

	default Task read(String taskId) {
		return client().read().resource(Task.class).withId(taskId).execute();
	}

	static List<String> basis(Communication communication) {
		return communication.getReasonCodeFirstRep().getCoding().stream().map(Coding::getCode).toList();
	}

	default Task acknowledge(IGenericClient as, String taskId, String receiver, String readBack, String action,
			String outcome) {
		Parameters in = new Parameters();
		in.addParameter().setName("receiver").setValue(new StringType(receiver));
		if (readBack != null) {
			in.addParameter().setName("readBack").setValue(new StringType(readBack));
		}
		in.addParameter().setName("action").setValue(new CodeType(action));
		if (outcome != null) {
			in.addParameter().setName("outcome").setValue(new StringType(outcome));
		}
		return as.operation().onInstance("Task/" + taskId).named("$acknowledge-critical-value").withParameters(in)
				.returnResourceType(Task.class).execute();
	}

	default void escalate() {
		context().getBean(ProducerTemplate.class).sendBody(CriticalValueEscalationRoute.ESCALATE, null);
	}

	default String subscribe(String unit, HookReceiver receiver) {
		IGenericClient system = clientWith(Tokens.unitSystem(context(), unit));
		Subscription subscription = new Subscription();
		subscription.setStatus(Subscription.SubscriptionStatus.REQUESTED);
		subscription.setReason("危急值通知 of " + unit);
		subscription.setCriteria("Communication?recipient=Organization/" + unit);
		subscription.getChannel().setType(Subscription.SubscriptionChannelType.RESTHOOK).setEndpoint(receiver.url())
				.setPayload("application/fhir+json");
		String id = system.create().resource(subscription).execute().getId().toUnqualifiedVersionless().getValue();
		await().atMost(Duration.ofSeconds(60)).until(() -> client().read().resource(Subscription.class).withUrl(id)
				.execute().getStatus() == Subscription.SubscriptionStatus.ACTIVE);
		return id;
	}

	default void unsubscribe(String id) {
		Subscription subscription = client().read().resource(Subscription.class).withUrl(id).execute();
		subscription.setStatus(Subscription.SubscriptionStatus.OFF);
		clientWith(Tokens.unitSystem(context(), "WSY01")).update().resource(subscription).execute();
	}

	default HttpResponse<String> get(String path, String token) throws Exception {
		return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
				.header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
	}

	default JsonNode figures(String month, String unit, String token) throws Exception {
		HttpResponse<String> response = get("/critical-values/figures?month=" + month + "&unit=" + unit, token);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return new ObjectMapper().readTree(response.body());
	}
}
