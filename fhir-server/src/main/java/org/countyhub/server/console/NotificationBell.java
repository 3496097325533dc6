package org.countyhub.server.console;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.gclient.IQuery;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.countyhub.server.security.token.Roles;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The header's bell (通知): how many items are new for the person at the acting unit since they last opened its
 * list — reading Tasks newly waiting at the unit (readers), referrals newly addressed to it (待接收), reports on
 * the unit's reading requests and 互认决定 recorded at the unit — beside the unit's unacknowledged critical values
 * (危急值, docs/critical-values.md), which stay shown until acknowledged. Everything is searched through the hub's
 * API as the person, so the bell tells nothing about patients they may not see. The header asks for it with htmx
 * when a page loads and every 30 seconds; opening the list (通知 button) marks everything in it seen.
 */
@OnEmbeddedSignIn
@Controller
class NotificationBell {

	/** What the header shows: the new items' count, the waiting critical values, and whether to announce it. */
	record Bell(int news, int criticalValues, boolean announce) {}

	/** One new item of the list, linking to where it is handled. */
	record Item(String kind, String patient, String when, String link, Instant at) {}

	/** What still waits for the unit, whatever was seen (the list's 待办 line). */
	record Waiting(int criticalValues, int referrals, int readings, boolean reads) {}

	private static final int COUNTED = 100;

	private final ConsoleUsers users;
	private final HubFhir hub;
	private final SeenNotifications seen;
	private final ChineseFormats formats;

	NotificationBell(ConsoleUsers users, HubFhir hub, SeenNotifications seen, ChineseFormats formats) {
		this.users = users;
		this.hub = hub;
		this.seen = seen;
		this.formats = formats;
	}

	/** The header's bell; {@code shown} is the count the page shows now, so an unchanged count is not announced again. */
	@GetMapping("/console/notifications")
	String bell(@RequestParam(name = "shown", required = false) String shown, HttpServletRequest request,
			HttpSession session, Model model) {
		ConsoleUser user = users.current(session).orElseThrow();
		if (!watches(user)) {
			model.addAttribute("bell", new Bell(0, 0, false));
			return "console/bell :: state";
		}
		IGenericClient fhir = hub.client(request, user);
		// compared with the stored resources' meta.lastUpdated, which the hub stamps from the system clock
		int news = news(fhir, user, seen.since(user, Instant.now())).size();
		model.addAttribute("bell", new Bell(news, criticalValues(fhir, user), !String.valueOf(news).equals(shown)));
		return "console/bell :: state";
	}

	/**
	 * Opens the list: what is new since it was last opened, then marks it seen (the instant before the searches,
	 * so that an item arriving meanwhile counts again rather than never). htmx puts the list under the bell and is
	 * told ({@code HX-Trigger: bell-seen}) to ask for the count again; without JavaScript it is a page of its own.
	 */
	@PostMapping("/console/notifications")
	String open(@RequestHeader(name = "HX-Request", required = false) String htmx, HttpServletRequest request,
			HttpServletResponse response, HttpSession session, Model model) {
		ConsoleUser user = users.current(session).orElseThrow();
		Instant now = Instant.now();
		List<Item> items = List.of();
		Waiting waiting = new Waiting(0, 0, 0, false);
		if (watches(user)) {
			IGenericClient fhir = hub.client(request, user);
			items = news(fhir, user, seen.since(user, now));
			waiting = waiting(fhir, user);
			seen.seenAt(user, now);
		}
		model.addAttribute("items", items);
		model.addAttribute("waiting", waiting);
		response.setHeader("HX-Trigger", "bell-seen");
		return htmx != null ? "console/notifications :: list" : "console/notifications";
	}

	/** 关闭: the list under the bell emptied. */
	@GetMapping("/console/notifications/closed")
	String closed() {
		return "console/notifications :: closed";
	}

	/** The bell needs an acting unit, and a clinical role to search the unit's records (an operator has none). */
	private static boolean watches(ConsoleUser user) {
		return user.actingUnit() != null && !ClinicalRecordGate.operatorOnly(user.roles());
	}

	private List<Item> news(IGenericClient fhir, ConsoleUser user, Instant since) {
		String unit = "Organization/" + user.actingUnit();
		List<Item> items = new ArrayList<>();
		items.addAll(tasks(fhir.search().forResource(Task.class).where(Task.OWNER.hasId(unit))
				.and(Task.CODE.exactly().systemAndCode(HubSystems.WORKFLOW, "referral"))
				.and(Task.STATUS.exactly().code("requested")), since, "新转诊待接收",
				(task, patient) -> "/console/referrals/" + task.getIdElement().getIdPart()));
		if (user.roles().contains(Roles.READING_PHYSICIAN)) {
			items.addAll(tasks(fhir.search().forResource(Task.class).where(Task.OWNER.hasId(unit))
					.and(Task.CODE.exactly().systemAndCode(HubSystems.WORKFLOW, "remote-reading"))
					.and(Task.STATUS.exactly().code("requested")), since, "新的待诊断检查",
					(task, patient) -> "/console/reading?status=waiting"));
		}
		items.addAll(tasks(fhir.search().forResource(Task.class).where(Task.REQUESTER.hasId(unit))
				.and(Task.CODE.exactly().systemAndCode(HubSystems.WORKFLOW, "remote-reading"))
				.and(Task.STATUS.exactly().code("completed")), since, "诊断报告已出",
				(task, patient) -> "/console/patients/" + patient));
		Bundle decisions = fhir.search().forResource(Observation.class)
				.where(Observation.CODE.exactly().systemAndCode(HubSystems.OBSERVATION_CODE, "recognition-decision"))
				.and(Observation.PERFORMER.hasId(unit)).lastUpdated(after(since))
				.include(Observation.INCLUDE_PATIENT).sort().descending("_lastUpdated").count(COUNTED)
				.returnBundle(Bundle.class).execute();
		Map<String, Patient> patients = patients(decisions);
		for (Bundle.BundleEntryComponent entry : decisions.getEntry()) {
			if (entry.getResource() instanceof Observation decision) {
				item("互认决定", decision, decision.getSubject(), patients,
						id -> "/console/patients/" + id).ifPresent(items::add);
			}
		}
		items.sort(Comparator.comparing(Item::at).reversed());
		return items;
	}

	private interface Link {
		String of(Task task, String patientId);
	}

	private List<Item> tasks(IQuery<IBaseBundle> query, Instant since, String kind, Link link) {
		Bundle found = query.lastUpdated(after(since)).include(Task.INCLUDE_PATIENT).sort().descending("_lastUpdated")
				.count(COUNTED).returnBundle(Bundle.class).execute();
		Map<String, Patient> patients = patients(found);
		List<Item> items = new ArrayList<>();
		for (Bundle.BundleEntryComponent entry : found.getEntry()) {
			if (entry.getResource() instanceof Task task) {
				item(kind, task, task.getFor(), patients, id -> link.of(task, id)).ifPresent(items::add);
			}
		}
		return items;
	}

	/**
	 * An item only when its patient came back with it: the hub's API answered for this person, and a record it
	 * left out is not named, nor counted.
	 */
	private Optional<Item> item(String kind, Resource resource, Reference subject,
			Map<String, Patient> patients, Function<String, String> link) {
		Patient patient = patients.get(subject.getReferenceElement().getIdPart());
		if (patient == null) {
			return Optional.empty();
		}
		Date updated = resource.getMeta().getLastUpdated();
		Instant at = updated == null ? Instant.EPOCH : updated.toInstant();
		return Optional.of(new Item(kind,
				patient.hasName() ? patient.getNameFirstRep().getNameAsSingleString() : "（未登记姓名）",
				updated == null ? "" : formats.when(new InstantType(updated)),
				link.apply(patient.getIdElement().getIdPart()), at));
	}

	private static Map<String, Patient> patients(Bundle bundle) {
		Map<String, Patient> patients = new HashMap<>();
		bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(Patient.class::isInstance)
				.map(Patient.class::cast).forEach(p -> patients.put(p.getIdElement().getIdPart(), p));
		return patients;
	}

	private static DateRangeParam after(Instant since) {
		return new DateRangeParam(new DateParam(ParamPrefixEnum.GREATERTHAN, Date.from(since)), null);
	}

	private Waiting waiting(IGenericClient fhir, ConsoleUser user) {
		boolean reads = user.roles().contains(Roles.READING_PHYSICIAN);
		return new Waiting(criticalValues(fhir, user), waitingTasks(fhir, user, "referral"),
				reads ? waitingTasks(fhir, user, "remote-reading") : 0, reads);
	}

	private static int criticalValues(IGenericClient fhir, ConsoleUser user) {
		return waitingTasks(fhir, user, "critical-value");
	}

	/**
	 * The unit's Tasks of a kind not yet taken up, counted (up to {@link #COUNTED}): under the 调阅 rules HAPI gives
	 * no totals and refuses {@code _summary=count}, as a total would tell about records left out (docs/access.md).
	 */
	private static int waitingTasks(IGenericClient fhir, ConsoleUser user, String code) {
		return fhir.search().forResource(Task.class).where(Task.OWNER.hasId("Organization/" + user.actingUnit()))
				.and(Task.CODE.exactly().systemAndCode(HubSystems.WORKFLOW, code))
				.and(Task.STATUS.exactly().code("requested")).count(COUNTED).elementsSubset("id")
				.returnBundle(Bundle.class).execute().getEntry().size();
	}
}
