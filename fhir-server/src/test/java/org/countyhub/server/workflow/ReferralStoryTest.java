package org.countyhub.server.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.support.HookReceiver;
import org.countyhub.server.support.HubServerTest;
import org.countyhub.server.support.OfficialValidator;
import org.countyhub.server.support.Tokens;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Slot;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/**
 * 双向转诊, end to end over FHIR REST: a township refers a patient up, the county hospital accepts, books a
 * reserved slot, records arrival and completion, and refers the patient back down with a follow-up plan; every
 * illegal move is refused with its code.
 */
class ReferralStoryTest extends HubServerTest {

	@Test
	void upReferralAcceptedBookedArrivedCompletedThenDownReferralWithCarePlan() {
		Instant storyStart = Instant.now();
		Referrals referrals = new Referrals(client);
		try (HookReceiver countyInbox = new HookReceiver();
				// the county hospital's HIS subscribes to its referral worklist
				Township.ActiveSubscription subscription = Township.subscribe(clientWith(Tokens.unitSystem(context(), "XRMYY")), "Task?owner=Organization/XRMYY&code=" + HubSystems.WORKFLOW + "|referral",
					countyInbox.url())) {
			Patient patient = Township.patient(client, "WSY01", Township.unique("MZ"), "张秀英");
			Condition angina = condition(patient);
			String priorReport = recentEcgReport(patient);

			// up: township → county
			String upId = referrals.send(Referrals.referral(patient, "up", "WSY01", "XRMYY", "上转至县人民医院心内科"), "WSY01");
			Task task = referrals.task(upId);
			assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
			assertThat(task.getOwner().getReference()).isEqualTo("Organization/XRMYY");

			// the county's inbox and the township's outbox
			assertThat(ids(client.search().byUrl("Task?owner=Organization/XRMYY&status=requested&code="
					+ HubSystems.WORKFLOW + "|referral&_count=200").returnBundle(Bundle.class).execute()))
					.contains(task.getIdElement().getIdPart());
			assertThat(ids(client.search().byUrl("Task?requester=Organization/WSY01&code="
					+ HubSystems.WORKFLOW + "|referral&_count=200").returnBundle(Bundle.class).execute()))
					.contains(task.getIdElement().getIdPart());
			await().atMost(Duration.ofSeconds(30)).until(() -> countyInbox.deliveries().stream()
					.anyMatch(d -> d.body().contains("\"id\":\"" + task.getIdElement().getIdPart() + "\"")));

			// the packet: summary and recent results, for the two units only
			Bundle packet = packet(upId, "XRMYY");
			List<String> inPacket = packet.getEntry().stream().map(Bundle.BundleEntryComponent::getFullUrl).toList();
			assertThat(inPacket).contains(upId, patient.getIdElement().getValue(),
					angina.getIdElement().toUnqualifiedVersionless().getValue(), priorReport,
					"Task/" + task.getIdElement().getIdPart());
			refused(() -> packet(upId, "WSY02"), 403, "HUB-5221");

			// only the receiving unit accepts
			refused(() -> referrals.move(task, "accepted", null, "WSY01"), 403, "HUB-5209");
			refused(() -> referrals.move(task, "accepted", null, null), 403, "HUB-5001");
			refused(() -> referrals.move(task, "completed", null, "XRMYY"), 422, "HUB-5207");
			referrals.move(task, "accepted", null, "XRMYY");

			// booking: the referral books a reserved slot of the department
			String scheduleId = schedule("XRMYY", "心内科门诊");
			List<Slot> slots = publish(scheduleId, 10);
			List<Slot> reserved = slots.stream().filter(ReferralStoryTest::reserved).toList();
			List<Slot> open = slots.stream().filter(s -> !reserved(s)).toList();
			assertThat(reserved).hasSize(2);
			refused(() -> book(open.get(0), patient, upId), 422, "HUB-5312");
			refused(() -> book(reserved.get(0), patient, null), 422, "HUB-5313");
			String appointment = book(reserved.get(0), patient, upId);
			assertThat(client.read().resource(Slot.class).withId(reserved.get(0).getIdElement().toUnqualifiedVersionless())
					.execute().getStatus()).isEqualTo(Slot.SlotStatus.BUSY);
			refused(() -> book(reserved.get(0), patient, upId), 409, "HUB-5311");
			// an ordinary (non-referral) booking takes an open slot; booked as docs/workflows.md shows, naming the
			// slot only, it is stored with the slot's time (a booked Appointment has start and end: app-3)
			Appointment ordinary = client.read().resource(Appointment.class)
					.withId(new IdType(book(open.get(0), patient, null, false))).execute();
			assertThat(ordinary.getStart()).isEqualTo(open.get(0).getStart());
			assertThat(ordinary.getEnd()).isEqualTo(open.get(0).getEnd());
			// the reserved slot's coding says what CodeSystem/workflow says
			assertThat(reserved.get(0).getServiceCategoryFirstRep().getCodingFirstRep().getDisplay()).isEqualTo("双向转诊");

			// arrival and completion, by the receiving unit
			refused(() -> referrals.move(task, "cancelled", "患者要求", "WSY01"), 422, "HUB-5207");
			referrals.move(task, "in-progress", null, "XRMYY");
			referrals.move(task, "completed", null, "XRMYY");
			Bundle history = client.history().onInstance(task.getIdElement().toUnqualifiedVersionless())
					.returnBundle(Bundle.class).execute();
			assertThat(history.getEntry()).extracting(e -> ((Task) e.getResource()).getStatus()).containsExactly(
					Task.TaskStatus.COMPLETED, Task.TaskStatus.INPROGRESS, Task.TaskStatus.ACCEPTED, Task.TaskStatus.REQUESTED);
			Bundle provenance = client.search().forResource(Provenance.class)
					.where(Provenance.TARGET.hasId("Task/" + task.getIdElement().getIdPart()))
					.returnBundle(Bundle.class).execute();
			assertThat(provenance.getEntry()).extracting(e -> ((Provenance) e.getResource()).getActivity()
					.getCoding().get(1).getCode())
					.containsExactlyInAnyOrder("requested", "accepted", "in-progress", "completed");
			// the activity itself is the write, coded from the activity types its binding asks for
			assertThat(provenance.getEntry()).extracting(e -> ((Provenance) e.getResource()).getActivity()
					.getCodingFirstRep().getCode())
					.containsExactlyInAnyOrder("CREATE", "UPDATE", "UPDATE", "UPDATE");
			assertThat(provenance.getEntry()).anyMatch(e -> ((Provenance) e.getResource()).getAgentFirstRep()
					.getWho().getReference().equals("Organization/XRMYY"));
			assertThat(packet(upId, "WSY01").getEntry()).extracting(Bundle.BundleEntryComponent::getFullUrl)
					.contains(appointment);

			// down: county → township, with the follow-up plan
			ServiceRequest withoutPlan = Referrals.referral(patient, "down", "XRMYY", "WSY01", "下转至城关镇卫生院康复随访");
			refused(() -> referrals.send(withoutPlan, "XRMYY"), 422, "HUB-5204");
			String carePlan = carePlan(patient);
			ServiceRequest down = Referrals.referral(patient, "down", "XRMYY", "WSY01", "下转至城关镇卫生院康复随访");
			down.addSupportingInfo(new Reference(carePlan));
			String downId = referrals.send(down, "XRMYY");
			Task downTask = referrals.task(downId);
			assertThat(downTask.getOwner().getReference()).isEqualTo("Organization/WSY01");
			refused(() -> referrals.move(downTask, "accepted", null, "XRMYY"), 403, "HUB-5209");
			referrals.move(downTask, "accepted", null, "WSY01");
			referrals.move(downTask, "in-progress", null, "WSY01");
			referrals.move(downTask, "completed", null, "WSY01");
			assertThat(packet(downId, "WSY01").getEntry()).extracting(Bundle.BundleEntryComponent::getFullUrl)
					.contains(carePlan);

			Parameters figures = client.operation().onType(Task.class).named("$referral-figures")
					.withParameter(Parameters.class, "since", new DateTimeType(Date.from(Instant.now().minus(1, ChronoUnit.DAYS))))
					.useHttpGet().execute();
			assertThat(figures.getParameter()).anyMatch(row -> part(row, "unit").equals("XRMYY")
					&& part(row, "direction").equals("up") && Integer.parseInt(part(row, "accepted")) >= 1
					&& !part(row, "acceptance-rate").isEmpty() && !part(row, "mean-hours-to-acceptance").isEmpty());
			assertThat(figures.getParameter()).anyMatch(row -> part(row, "unit").equals("WSY01")
					&& part(row, "direction").equals("down") && Integer.parseInt(part(row, "received")) >= 1);

			// everything the story stored (REST writes and the hub's own workflow records) passes the HL7 validator
			OfficialValidator.Verdict verdict = new OfficialValidator().judge(
					OfficialValidator.storedSince(client, storyStart, List.of("Patient", "Condition", "Task", "ServiceRequest", "Appointment", "Slot", "Schedule", "Provenance", "CarePlan", "DiagnosticReport", "Observation")), "referral-story");
			assertThat(verdict.judged()).isGreaterThan(5);
			assertThat(verdict.errors()).isEmpty();
		}
	}

	@Test
	void theRequesterCancelsBeforeAcceptanceWithAReasonAndNothingMovesAfterwards() {
		Referrals referrals = new Referrals(client);
		Patient patient = Township.patient(client, "WSY02", Township.unique("MZ"), "李建国");
		String id = referrals.send(Referrals.referral(patient, "up", "WSY02", "XRMYY", "上转至县人民医院骨科"), "WSY02");
		Task task = referrals.task(id);
		refused(() -> referrals.move(task, "cancelled", "患者要求", "XRMYY"), 403, "HUB-5209");
		refused(() -> referrals.move(task, "cancelled", null, "WSY02"), 422, "HUB-5208");
		referrals.move(task, "cancelled", "患者家属要求转往市级医院", "WSY02");
		refused(() -> referrals.move(task, "accepted", null, "XRMYY"), 422, "HUB-5207");
		assertThat(referrals.task(id).getStatusReason().getText()).isEqualTo("患者家属要求转往市级医院");
	}

	@Test
	void theReceiverRejectsWithAReason() {
		Referrals referrals = new Referrals(client);
		Patient patient = Township.patient(client, "WSY01", Township.unique("MZ"), "陈桂兰");
		String id = referrals.send(Referrals.referral(patient, "up", "WSY01", "XZYY", "上转至县中医院针灸科"), "WSY01");
		Task task = referrals.task(id);
		refused(() -> referrals.move(task, "rejected", null, "XZYY"), 422, "HUB-5208");
		referrals.move(task, "rejected", "本院针灸科暂停接诊，建议转县人民医院康复科", "XZYY");
		refused(() -> referrals.move(task, "in-progress", null, "XZYY"), 422, "HUB-5207");
	}

	@Test
	void referralTasksAreTheHubsAndCannotBeReaddressed() {
		Referrals referrals = new Referrals(client);
		Patient patient = Township.patient(client, "WSY01", Township.unique("MZ"), "周明");
		String id = referrals.send(Referrals.referral(patient, "up", "WSY01", "XRMYY", "上转"), "WSY01");
		Task task = referrals.task(id);
		task.setOwner(new Reference("Organization/XZYY"));
		refused(() -> client.update().resource(task).withAdditionalHeader(ActingUnit.HEADER, "XRMYY").execute(),
				422, "HUB-5206");
		Task own = task.copy();
		own.setId((String) null);
		refused(() -> client.create().resource(own).withAdditionalHeader(ActingUnit.HEADER, "WSY01").execute(),
				422, "HUB-5205");
		ServiceRequest noDirection = Referrals.referral(patient, "up", "WSY01", "XRMYY", "上转");
		noDirection.getExtension().clear();
		refused(() -> referrals.send(noDirection, "WSY01"), 422, "HUB-5201");
	}

	static void refused(ThrowingCallable call, int status, String code) {
		assertThatThrownBy(call).isInstanceOfSatisfying(BaseServerResponseException.class, e -> {
			assertThat(e.getStatusCode()).isEqualTo(status);
			assertThat(e.getMessage()).contains(code);
		});
	}

	private static boolean reserved(Slot slot) {
		return slot.getServiceCategory().stream().anyMatch(c -> WorkflowCodes.has(c, HubSystems.WORKFLOW, "referral"));
	}

	private static String part(Parameters.ParametersParameterComponent row, String name) {
		return row.getPart().stream().filter(p -> p.getName().equals(name)).findFirst()
				.map(p -> p.getValue().primitiveValue()).orElse("");
	}

	private static List<String> ids(Bundle bundle) {
		return bundle.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
	}

	private Bundle packet(String referralId, String actingUnit) {
		return client.operation().onInstance(referralId).named("$referral-packet").withNoParameters(Parameters.class)
				.returnResourceType(Bundle.class).useHttpGet().withAdditionalHeader(ActingUnit.HEADER, actingUnit)
				.execute();
	}

	private Condition condition(Patient patient) {
		Condition condition = new Condition();
		condition.setClinicalStatus(new CodeableConcept(new Coding(
				"http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null)));
		condition.setCode(new CodeableConcept(new Coding("http://hl7.org/fhir/sid/icd-10", "I20.9", "心绞痛")));
		condition.setSubject(new Reference(patient.getIdElement().getValue()));
		condition.setId(client.create().resource(condition).execute().getId().toUnqualifiedVersionless());
		return condition;
	}

	private String recentEcgReport(Patient patient) {
		DiagnosticReport report = Reports.ecg(patient, "WSY01", "ECG-12", "常规12导联心电图", "ST段压低，提示心肌缺血。");
		return client.create().resource(report).execute().getId().toUnqualifiedVersionless().getValue();
	}

	private String carePlan(Patient patient) {
		CarePlan plan = new CarePlan();
		plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
		plan.setIntent(CarePlan.CarePlanIntent.PLAN);
		plan.setTitle("冠心病康复随访计划");
		plan.setSubject(new Reference(patient.getIdElement().getValue()));
		plan.setAuthor(new Reference("Organization/XRMYY"));
		plan.addActivity().getDetail().setStatus(CarePlan.CarePlanActivityStatus.NOTSTARTED)
				.setDescription("每月随访一次，监测血压、血脂，规律服用阿司匹林及他汀类药物");
		return client.create().resource(plan).execute().getId().toUnqualifiedVersionless().getValue();
	}

	private String schedule(String unit, String department) {
		HealthcareService service = new HealthcareService();
		service.setActive(true);
		service.setProvidedBy(new Reference("Organization/" + unit));
		service.setName(department);
		String departmentId = client.create().resource(service).execute().getId().toUnqualifiedVersionless().getValue();
		Schedule schedule = new Schedule();
		schedule.setActive(true);
		schedule.addActor(new Reference(departmentId));
		schedule.addServiceType(new CodeableConcept().setText(department));
		schedule.setComment(department + Township.unique(" "));
		return client.create().resource(schedule).execute().getId().toUnqualifiedVersionless().getValue();
	}

	List<Slot> publish(String scheduleId, int count) {
		Instant start = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
		Parameters parameters = new Parameters();
		parameters.addParameter().setName("start").setValue(new DateTimeType(Date.from(start)));
		parameters.addParameter().setName("end").setValue(new DateTimeType(Date.from(start.plus(15L * count, ChronoUnit.MINUTES))));
		parameters.addParameter().setName("minutes").setValue(new IntegerType(15));
		client.operation().onInstance(scheduleId).named("$publish-slots").withParameters(parameters)
				.returnResourceType(Bundle.class).withAdditionalHeader(ActingUnit.HEADER, "XRMYY").execute();
		Bundle slots = client.search().forResource(Slot.class).where(Slot.SCHEDULE.hasId(scheduleId))
				.count(200).returnBundle(Bundle.class).execute();
		return slots.getEntry().stream().map(e -> (Slot) e.getResource()).toList();
	}

	private String book(Slot slot, Patient patient, String referralId) {
		return book(slot, patient, referralId, true);
	}

	private String book(Slot slot, Patient patient, String referralId, boolean withTimes) {
		Appointment appointment = new Appointment();
		appointment.setStatus(Appointment.AppointmentStatus.BOOKED);
		appointment.addSlot(new Reference("Slot/" + slot.getIdElement().getIdPart()));
		if (withTimes) {
			appointment.setStart(slot.getStart());
			appointment.setEnd(slot.getEnd());
		}
		if (referralId != null) {
			appointment.addBasedOn(new Reference(referralId));
		}
		appointment.addParticipant().setActor(new Reference(patient.getIdElement().getValue()))
				.setStatus(Appointment.ParticipationStatus.ACCEPTED);
		return client.create().resource(appointment).withAdditionalHeader(ActingUnit.HEADER, "XRMYY").execute()
				.getId().toUnqualifiedVersionless().getValue();
	}
}
