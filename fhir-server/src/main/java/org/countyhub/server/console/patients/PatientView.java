package org.countyhub.server.console.patients;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import org.countyhub.server.console.ChineseFormats;
import org.countyhub.server.console.ConsoleUser;
import org.countyhub.server.console.ConsoleUsers;
import org.countyhub.server.console.HubFhir;
import org.countyhub.server.console.PathIds;
import org.countyhub.server.console.SideBySideCalls;
import org.countyhub.server.console.UnitLabels;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * 患者360视图: the banner (name, 性别, 年龄, masked 身份证号 — shown in full on request, audited — and phone, the
 * units that hold a record), the summary
 * column (the latest diagnoses, the allergies and the prescriptions in use at any unit) and the timeline across all units with its
 * filters; {@code /timeline} answers the timeline alone for htmx.
 */
@OnEmbeddedSignIn
@Controller
class PatientView {

	/** The banner. */
	record Banner(String name, String sex, String age, String birthDate, String idCard, String phone,
			List<String> units) {}

	private static final int SUMMARY_DIAGNOSES = 5;
	private static final int SUMMARY_ALLERGIES = 20;

	private final ConsoleUsers users;
	private final HubFhir hub;
	private final PatientRecords records;
	private final Timeline timeline;
	private final ChineseFormats formats;
	private final UnitLabels units;
	private final ActiveMedications medications;
	private final SideBySideCalls calls;

	PatientView(ConsoleUsers users, HubFhir hub, PatientRecords records, Timeline timeline, ChineseFormats formats,
			UnitLabels units, ActiveMedications medications, SideBySideCalls calls) {
		this.calls = calls;
		this.users = users;
		this.hub = hub;
		this.records = records;
		this.timeline = timeline;
		this.formats = formats;
		this.units = units;
		this.medications = medications;
	}

	@GetMapping("/console/patients/{id}")
	String view(@PathVariable("id") String id, TimelineFilter filter, HttpServletRequest request,
			HttpSession session, Model model) {
		IGenericClient fhir = client(id, request, session);
		// the record first: a person the caller may not see stops here, before the other calls are made (and recorded)
		Patient patient = fhir.read().resource(Patient.class).withId(id).execute();
		// 临床摘要 (what a doctor checks before prescribing or ordering, from every unit of the person) and the
		// timeline's page: independent calls, made side by side
		var person = calls.start(() -> records.personOf(fhir, patient));
		var diagnoses = calls.start(() -> timeline.latest(fhir, id, "diagnosis", SUMMARY_DIAGNOSES));
		var allergies = calls.start(() -> timeline.latest(fhir, id, "allergy", SUMMARY_ALLERGIES));
		var active = calls.start(() -> medications.of(fhir, id));
		var page = filter.problems().isEmpty() ? calls.start(() -> timeline.page(fhir, id, filter)) : null;
		String phone = patient.getTelecom().stream()
				.filter(t -> t.getSystem() == ContactPoint.ContactPointSystem.PHONE && t.hasValue())
				.map(ContactPoint::getValue).findFirst().orElse("");
		PatientRecords.Person found = person.get();
		model.addAttribute("banner", new Banner(found.name(), found.sex(), found.age(), found.birthDate(),
				found.idCard(), ChineseFormats.maskPhone(phone),
				found.records().stream().map(PatientRecords.UnitRecord::unit).distinct().toList()));
		model.addAttribute("diagnoses", diagnoses.get());
		model.addAttribute("allergies", allergies.get());
		model.addAttribute("medications", active.get());
		timelineModel(id, filter, model);
		if (page != null) {
			model.addAttribute("timeline", page.get());
		}
		return "console/patient";
	}

	/**
	 * 显示完整身份证号: asked of the hub ({@code $reveal-id-card}), which records the access; the banner shows the
	 * number until the page is left.
	 */
	@PostMapping("/console/patients/{id}/id-card")
	String revealIdCard(@PathVariable("id") String id, HttpServletRequest request, HttpSession session,
			Model model) {
		Parameters answer = client(id, request, session).operation()
				.onInstance(new IdType("Patient", id)).named("$reveal-id-card")
				.withNoParameters(Parameters.class).execute();
		model.addAttribute("revealed", answer.getParameter().stream()
				.filter(p -> "identifier".equals(p.getName()) && p.getValue() instanceof Identifier)
				.map(p -> ((Identifier) p.getValue()).getValue()).findFirst().orElse(""));
		return "console/patient :: id-card";
	}

	@GetMapping("/console/patients/{id}/timeline")
	String timelineOnly(@PathVariable("id") String id, TimelineFilter filter, HttpServletRequest request,
			HttpSession session, Model model) {
		timelineModel(id, filter, model);
		if (filter.problems().isEmpty()) {
			model.addAttribute("timeline", timeline.page(client(id, request, session), id, filter));
		}
		return "console/patient :: timeline";
	}

	/** The filters arrive as query parameters {@code unit, type, from, to, page} (bound to the record). */
	private void timelineModel(String id, TimelineFilter filter, Model model) {
		model.addAttribute("patientId", id);
		model.addAttribute("filter", filter);
		model.addAttribute("types", TimelineFilter.TYPES);
		model.addAttribute("units", units.all());
		model.addAttribute("problems", filter.problems());
	}

	private IGenericClient client(String id, HttpServletRequest request, HttpSession session) {
		PathIds.checked(id);
		ConsoleUser user = users.current(session).orElseThrow();
		return hub.client(request, user);
	}
}
