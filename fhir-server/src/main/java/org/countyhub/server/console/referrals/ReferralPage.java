package org.countyhub.server.console.referrals;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.countyhub.server.console.ChineseFormats;
import org.countyhub.server.console.ConsoleUser;
import org.countyhub.server.console.ConsoleUsers;
import org.countyhub.server.console.HubFhir;
import org.countyhub.server.console.PathIds;
import org.countyhub.server.console.ResultLabels;
import org.countyhub.server.console.UnitLabels;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * 双向转诊: the inbox by box, direction and state, and one referral with its packet (the hub's
 * {@code $referral-packet}: reason, diagnoses, allergies, recent results, bookings, the state history). The
 * receiving unit 接收 / 退回 (with a reason) by moving the Task, books one of its reserved slots, records arrival
 * and completion; the hub's rules decide and refuse (a slot just taken is said so).
 */
@OnEmbeddedSignIn
@Controller
class ReferralPage {

	private static final String TASK_STATUS = "http://hl7.org/fhir/task-status";

	/** One step of the history. */
	record Step(String when, String state, String unit, String reason) {}

	/** One booking of the referral: when, whether it still holds its slot, the Appointment's id. */
	record Booking(String when, boolean holds, String appointmentId) {}

	/** What the page shows of the referral. */
	record Referral(String taskId, String patient, String direction, String from, String to, String reason,
			String requested, String state, String status, boolean receiving, boolean booked, List<String> diagnoses,
			List<String> allergies, List<String> results, List<Booking> bookings, List<Step> history) {}

	private final ConsoleUsers users;
	private final HubFhir hub;
	private final ReferralRecords records;
	private final SlotChoices slots;
	private final ChineseFormats formats;
	private final UnitLabels units;
	private final ObjectMapper json = new ObjectMapper();

	ReferralPage(ConsoleUsers users, HubFhir hub, ReferralRecords records, SlotChoices slots, ChineseFormats formats,
			UnitLabels units) {
		this.users = users;
		this.hub = hub;
		this.records = records;
		this.slots = slots;
		this.formats = formats;
		this.units = units;
	}

	@GetMapping("/console/referrals")
	String inbox(ReferralTabs tabs, HttpServletRequest request, HttpSession session, Model model) {
		ConsoleUser user = users.current(session).orElseThrow();
		model.addAttribute("tabs", tabs);
		model.addAttribute("boxes", ReferralTabs.BOXES);
		model.addAttribute("directions", ReferralTabs.DIRECTIONS);
		model.addAttribute("states", ReferralTabs.STATES);
		model.addAttribute("rows", records.rows(hub.client(request, user), user.actingUnit(), tabs));
		return "console/referrals";
	}

	@GetMapping("/console/referrals/{task}")
	String referral(@PathVariable("task") String task, HttpServletRequest request, HttpSession session, Model model) {
		ConsoleUser user = users.current(session).orElseThrow();
		IGenericClient fhir = hub.client(request, user);
		Referral referral = read(fhir, user, PathIds.checked(task));
		model.addAttribute("referral", referral);
		model.addAttribute("slots", referral.receiving() && "accepted".equals(referral.status()) && !referral.booked()
				? slots.free(fhir, user.actingUnit()) : List.of());
		return "console/referral";
	}

	@PostMapping("/console/referrals/{task}/move")
	String move(@PathVariable("task") String task, @RequestParam("to") String to,
			@RequestParam(name = "reason", required = false) String reason, HttpServletRequest request,
			HttpSession session, Model model, RedirectAttributes redirect) {
		ConsoleUser user = users.current(session).orElseThrow();
		IGenericClient fhir = hub.client(request, user);
		if (!List.of("accepted", "rejected", "in-progress", "completed").contains(to)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		String why = reason == null ? "" : reason.strip();
		if ("rejected".equals(to) && why.isEmpty()) {
			model.addAttribute("reasonProblem", "退回须填写原因");
			return referral(task, request, session, model);
		}
		// a JSON Patch of the Task, as any unit's system moves a referral (docs/workflows.md §3)
		ArrayNode patch = json.createArrayNode();
		patch.addObject().put("op", "replace").put("path", "/status").put("value", to);
		if (!why.isEmpty()) {
			patch.addObject().put("op", "add").put("path", "/statusReason").putObject("value").put("text", why);
		}
		try {
			fhir.patch().withBody(patch.toString()).withId(new IdType("Task", PathIds.checked(task))).execute();
			redirect.addFlashAttribute("done", "已" + ReferralTabs.STATES.getOrDefault(to, to).replace("已", ""));
		} catch (ResourceVersionConflictException | ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException e) {
			redirect.addFlashAttribute("refused", "操作未完成：该转诊的状态刚刚已被更改，请查看当前状态。");
		}
		return "redirect:/console/referrals/" + task;
	}

	@PostMapping("/console/referrals/{task}/book")
	String book(@PathVariable("task") String task, @RequestParam(name = "slot", required = false) String slot,
			HttpServletRequest request, HttpSession session, RedirectAttributes redirect) {
		ConsoleUser user = users.current(session).orElseThrow();
		IGenericClient fhir = hub.client(request, user);
		if (slot == null || slot.isBlank()) {
			redirect.addFlashAttribute("refused", "请选择一个预留号源");
			return "redirect:/console/referrals/" + task;
		}
		Task referral = fhir.read().resource(Task.class).withId(PathIds.checked(task)).execute();
		Appointment appointment = new Appointment();
		appointment.setStatus(Appointment.AppointmentStatus.BOOKED);
		appointment.addSlot(new Reference("Slot/" + PathIds.checked(slot)));
		appointment.addBasedOn(new Reference(referral.getFocus().getReference()));
		appointment.addParticipant().setActor(new Reference(referral.getFor().getReference()))
				.setStatus(Appointment.ParticipationStatus.ACCEPTED);
		try {
			fhir.create().resource(appointment).execute();
			redirect.addFlashAttribute("done", "已预约");
		} catch (ResourceVersionConflictException e) {
			redirect.addFlashAttribute("refused", "该号源刚刚已被预约，请选择其他号源。");
		}
		return "redirect:/console/referrals/" + task;
	}

	/**
	 * 取消预约 (the receiving unit; a reason is required): a JSON Patch of the Appointment to {@code cancelled}, as any
	 * unit's system cancels; the hub gives the slot back to the free reserved slots and the referral stays accepted,
	 * so another slot can be booked (docs/workflows.md, "Cancelling a booking").
	 */
	@PostMapping("/console/referrals/{task}/bookings/{appointment}/cancel")
	String cancelBooking(@PathVariable("task") String task, @PathVariable("appointment") String appointment,
			@RequestParam(name = "reason", required = false) String reason, HttpServletRequest request,
			HttpSession session, Model model, RedirectAttributes redirect) {
		ConsoleUser user = users.current(session).orElseThrow();
		IGenericClient fhir = hub.client(request, user);
		String why = reason == null ? "" : reason.strip();
		if (why.isEmpty()) {
			model.addAttribute("cancelProblem", "取消预约须填写原因");
			return referral(task, request, session, model);
		}
		ArrayNode patch = json.createArrayNode();
		patch.addObject().put("op", "replace").put("path", "/status").put("value", "cancelled");
		patch.addObject().put("op", "add").put("path", "/cancelationReason").putObject("value").put("text", why);
		try {
			fhir.patch().withBody(patch.toString()).withId(new IdType("Appointment", PathIds.checked(appointment)))
					.execute();
			redirect.addFlashAttribute("done", "已取消预约，号源已释放；可重新预约。");
		} catch (ResourceVersionConflictException | ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException e) {
			redirect.addFlashAttribute("refused", "操作未完成：该预约刚刚已被更改，请查看当前状态。");
		}
		return "redirect:/console/referrals/" + task;
	}

	private Referral read(IGenericClient fhir, ConsoleUser user, String taskId) {
		Task task = fhir.read().resource(Task.class).withId(taskId).execute();
		Bundle packet = fhir.operation().onInstance(new IdType(task.getFocus().getReference()))
				.named("$referral-packet").withNoParameters(Parameters.class).useHttpGet()
				.returnResourceType(Bundle.class).execute();
		ServiceRequest request = null;
		Patient patient = null;
		List<String> diagnoses = new ArrayList<>();
		List<String> allergies = new ArrayList<>();
		List<String> results = new ArrayList<>();
		List<Booking> bookings = new ArrayList<>();
		List<Provenance> provenances = new ArrayList<>();
		boolean booked = false;
		for (Bundle.BundleEntryComponent entry : packet.getEntry()) {
			Resource resource = entry.getResource();
			if (resource instanceof ServiceRequest sr && task.getFocus().getReference()
					.equals("ServiceRequest/" + sr.getIdElement().getIdPart())) {
				request = sr;
			} else if (resource instanceof Patient p && patient == null) {
				patient = p;
			} else if (resource instanceof Condition condition) {
				diagnoses.add(ResultLabels.item(condition.getCode()));
			} else if (resource instanceof AllergyIntolerance allergy) {
				allergies.add(ResultLabels.item(allergy.getCode()));
			} else if (resource instanceof DiagnosticReport report) {
				results.add(formats.day(report.hasEffectiveDateTimeType() ? report.getEffectiveDateTimeType()
						: report.getIssuedElement()) + " " + ResultLabels.item(report.getCode()) + "（"
						+ units.performer(report.getPerformer(), fhir) + "）");
			} else if (resource instanceof Appointment appointment) {
				boolean holds = appointment.getStatus() != Appointment.AppointmentStatus.CANCELLED
						&& appointment.getStatus() != Appointment.AppointmentStatus.NOSHOW
						&& appointment.getStatus() != Appointment.AppointmentStatus.ENTEREDINERROR;
				booked |= holds;
				bookings.add(new Booking(formats.when(new DateTimeType(appointment.getStart())), holds,
						appointment.getIdElement().getIdPart()));
			} else if (resource instanceof Provenance provenance) {
				provenances.add(provenance);
			}
		}
		if (request == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		provenances.sort(Comparator.comparing(p -> p.getRecorded() == null ? new java.util.Date(0) : p.getRecorded()));
		List<Step> history = new ArrayList<>();
		for (Provenance provenance : provenances) {
			history.add(new Step(formats.when(provenance.getRecordedElement()), state(provenance.getActivity()),
					units.name(provenance.getAgentFirstRep().getWho().getReferenceElement().getIdPart(), fhir),
					provenance.hasReason() ? ResultLabels.item(provenance.getReasonFirstRep()) : ""));
		}
		String receiver = request.getPerformerFirstRep().getReferenceElement().getIdPart();
		String status = task.getStatus() == null ? "" : task.getStatus().toCode();
		return new Referral(taskId, patient == null || !patient.hasName() ? ""
				: patient.getNameFirstRep().getNameAsSingleString(),
				ReferralTabs.DIRECTIONS.getOrDefault(ReferralRecords.direction(request), ""),
				units.name(request.getRequester().getReferenceElement().getIdPart(), fhir), units.name(receiver, fhir),
				ReferralRecords.reason(request), formats.when(request.getAuthoredOnElement()),
				ReferralRecords.state(task, booked), status, receiver.equals(user.actingUnit()), booked, diagnoses,
				allergies, results, bookings, history);
	}

	private static String state(CodeableConcept activity) {
		return activity.getCoding().stream().filter(c -> TASK_STATUS.equals(c.getSystem())).map(Coding::getCode)
				.findFirst().map(code -> "requested".equals(code) ? "发起转诊"
						: ReferralTabs.STATES.getOrDefault(code, "cancelled".equals(code) ? "已撤销" : code))
				.orElse("");
	}
}
