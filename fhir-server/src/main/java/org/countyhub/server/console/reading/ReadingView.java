package org.countyhub.server.console.reading;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.countyhub.server.console.ConsoleUser;
import org.countyhub.server.console.ConsoleUsers;
import org.countyhub.server.console.HubFhir;
import org.countyhub.server.console.PacsViewers;
import org.countyhub.server.console.PathIds;
import org.countyhub.server.console.ReportText;
import org.countyhub.server.console.ResultLabels;
import org.countyhub.server.console.UnitLabels;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The reading view: the study's images (rendered by the unit's PACS, fetched by the hub, with window presets)
 * beside the report form (检查所见 / 诊断意见, the modality's templates, 危急值). 提交 posts the report through the
 * hub's API; the hub completes the reading Task (docs/workflows.md §5). 修订报告 updates the reader's own report
 * of a completed Task (status amended, with 修订说明); the hub keeps the earlier version.
 */
@OnEmbeddedSignIn
@Controller
class ReadingView {

	/** What the page shows of the Task. */
	record Reading(String taskId, String status, boolean mine, String patient, String requester, String exam,
			String modality, String requested, String studyId, String reportId) {

		/** The reader's own report of a completed Task: it may revise it. */
		public boolean revisable() {
			return reportId != null;
		}
	}

	private final ConsoleUsers users;
	private final HubFhir hub;
	private final ReaderRoles readers;
	private final StudyImages images;
	private final ReadingDesk desk;
	private final UnitLabels units;
	private final Worklist worklist;
	private final Clock clock;
	private final PacsViewers viewers;

	ReadingView(ConsoleUsers users, HubFhir hub, ReaderRoles readers, StudyImages images, ReadingDesk desk,
			UnitLabels units, Worklist worklist, Clock clock, PacsViewers viewers) {
		this.viewers = viewers;
		this.users = users;
		this.hub = hub;
		this.readers = readers;
		this.images = images;
		this.desk = desk;
		this.units = units;
		this.worklist = worklist;
		this.clock = clock;
	}

	@GetMapping("/console/reading/{task}")
	String view(@PathVariable("task") String task, @RequestParam(name = "preset", required = false) String preset,
			@RequestParam(name = "template", required = false) String template, HttpServletRequest request,
			HttpSession session, Model model) {
		ReportForm form = desk.template(template == null ? "" : template)
				.map(t -> new ReportForm(t.findings(), t.impression(), null)).orElse(ReportForm.empty());
		show(task, preset, form, Map.of(), request, session, model);
		return "console/reading";
	}

	@PostMapping("/console/reading/{task}/report")
	String submit(@PathVariable("task") String task, ReportForm form, HttpServletRequest request,
			HttpSession session, Model model, RedirectAttributes redirect) {
		ConsoleUser user = users.current(session).orElseThrow();
		IGenericClient fhir = hub.client(request, user);
		Context context = context(fhir, user, task);
		Map<String, String> problems = form.problems();
		if (!context.reading().mine()) {
			redirect.addFlashAttribute("refused", "该任务不是由您领取的（当前状态：" + context.reading().status()
					+ "），不能提交报告。");
			redirect.addFlashAttribute("focus", task);
			return "redirect:/console/reading";
		}
		if (!problems.isEmpty()) {
			show(task, null, form, problems, request, session, model);
			return "console/reading";
		}
		DiagnosticReport report = ReadingReport.of(context.request(), context.study(), "Organization/"
				+ user.actingUnit(), context.role(), user.username(), form, Date.from(clock.instant()));
		fhir.create().resource(report).execute();
		redirect.addFlashAttribute("done", "报告已提交：" + context.reading().patient() + "，" + context.reading().exam()
				+ "。申请单位可在患者360视图中查看。");
		return "redirect:/console/reading";
	}

	/** 修订报告: the reader's own report of a completed Task, its text in the form, with 修订说明 to fill in. */
	@GetMapping("/console/reading/{task}/revise")
	String revise(@PathVariable("task") String task, HttpServletRequest request, HttpSession session, Model model,
			RedirectAttributes redirect) {
		ConsoleUser user = users.current(session).orElseThrow();
		IGenericClient fhir = hub.client(request, user);
		Context context = context(fhir, user, task);
		if (!context.reading().revisable()) {
			return notRevisable(task, context, redirect);
		}
		DiagnosticReport current = fhir.read().resource(DiagnosticReport.class).withId(context.reading().reportId())
				.execute();
		show(task, null, new ReportForm(ReportText.findings(current), current.getConclusion(),
				ReportText.critical(current)), Map.of(), request, session, model);
		model.addAttribute("revising", true);
		return "console/reading";
	}

	@PostMapping("/console/reading/{task}/revise")
	String submitRevision(@PathVariable("task") String task, ReportForm form, HttpServletRequest request,
			HttpSession session, Model model, RedirectAttributes redirect) {
		ConsoleUser user = users.current(session).orElseThrow();
		IGenericClient fhir = hub.client(request, user);
		Context context = context(fhir, user, task);
		if (!context.reading().revisable()) {
			return notRevisable(task, context, redirect);
		}
		Map<String, String> problems = form.revisionProblems();
		if (!problems.isEmpty()) {
			show(task, null, form, problems, request, session, model);
			model.addAttribute("revising", true);
			return "console/reading";
		}
		DiagnosticReport current = fhir.read().resource(DiagnosticReport.class).withId(context.reading().reportId())
				.execute();
		fhir.update().resource(ReadingReport.revised(current, form, Date.from(clock.instant()))).execute();
		redirect.addFlashAttribute("done", "修订报告已提交：" + context.reading().patient() + "，"
				+ context.reading().exam() + "。申请单位看到的是修订后的报告和修订说明。");
		return "redirect:/console/reading?status=reported";
	}

	private static String notRevisable(String task, Context context, RedirectAttributes redirect) {
		redirect.addFlashAttribute("refused", "只能修订本人已出具的报告（当前状态：" + context.reading().status() + "）。");
		redirect.addFlashAttribute("focus", task);
		return "redirect:/console/reading";
	}

	@GetMapping("/console/reading/{task}/images/{series}/{instance}")
	ResponseEntity<byte[]> image(@PathVariable("task") String task, @PathVariable("series") String series,
			@PathVariable("instance") String instance, @RequestParam(name = "preset", required = false) String preset,
			HttpServletRequest request, HttpSession session) {
		ConsoleUser user = users.current(session).orElseThrow();
		IGenericClient fhir = hub.client(request, user);
		ImagingStudy study = context(fhir, user, task).study();
		if (study == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		StudyImages.Rendered rendered = images.rendered(fhir, study, new StudyImages.Frame(series, instance),
				desk.preset(preset == null ? "" : preset)).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		return ResponseEntity.ok().contentType(MediaType.parseMediaType(rendered.contentType()))
				.cacheControl(CacheControl.noStore()).body(rendered.bytes());
	}

	private void show(String task, String preset, ReportForm form, Map<String, String> problems,
			HttpServletRequest request, HttpSession session, Model model) {
		ConsoleUser user = users.current(session).orElseThrow();
		IGenericClient fhir = hub.client(request, user);
		Context context = context(fhir, user, task);
		ReadingDesk.Preset chosen = desk.preset(preset == null ? "" : preset);
		model.addAttribute("reading", context.reading());
		model.addAttribute("frames", context.study() == null ? List.of() : images.frames(fhir, context.study()));
		model.addAttribute("viewer", viewers.of(fhir, context.study()).orElse(null));
		model.addAttribute("presets", desk.presets());
		model.addAttribute("preset", chosen.key());
		model.addAttribute("templates", desk.templatesFor(context.reading().modality()));
		model.addAttribute("form", form);
		model.addAttribute("problems", problems);
	}

	/** The Task with its request, patient and study, read through the hub's API, and the reader's role. */
	private record Context(Reading reading, ServiceRequest request, ImagingStudy study, String role) {}

	private Context context(IGenericClient fhir, ConsoleUser user, String taskId) {
		Task task = fhir.read().resource(Task.class).withId(PathIds.checked(taskId)).execute();
		ServiceRequest request = fhir.read().resource(ServiceRequest.class)
				.withId(task.getFocus().getReferenceElement().getIdPart()).execute();
		Patient patient = fhir.read().resource(Patient.class).withId(task.getFor().getReferenceElement().getIdPart())
				.execute();
		Bundle studies = fhir.search().forResource(ImagingStudy.class)
				.where(ImagingStudy.BASEDON.hasId("ServiceRequest/" + request.getIdElement().getIdPart()))
				.returnBundle(Bundle.class).execute();
		ImagingStudy study = studies.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(ImagingStudy.class::isInstance).map(ImagingStudy.class::cast).findFirst().orElse(null);
		String role = readers.of(fhir, user).orElse(null);
		Worklist.Row row = worklist.row(task, Map.of(
				"ServiceRequest/" + request.getIdElement().getIdPart(), request,
				"Patient/" + patient.getIdElement().getIdPart(), patient), role, fhir);
		String modality = Optional.of(row.modality()).filter(m -> !m.isEmpty())
				.orElse(study != null && study.hasModality() ? study.getModalityFirstRep().getCode() : "");
		boolean mine = row.mine() && task.getStatus() == Task.TaskStatus.INPROGRESS;
		String reportId = !row.mine() || task.getStatus() != Task.TaskStatus.COMPLETED ? null : task.getOutput()
				.stream().filter(o -> o.getValue() instanceof Reference r && r.getReference() != null
						&& r.getReference().startsWith("DiagnosticReport/"))
				.map(o -> ((Reference) o.getValue()).getReferenceElement().getIdPart()).reduce((a, b) -> b).orElse(null);
		return new Context(new Reading(row.taskId(), row.status(), mine, row.patient(), units.name(row.requesterCode(),
				fhir), ResultLabels.item(request.getCode()), modality, row.requested(),
				study == null ? null : study.getIdElement().getIdPart(), reportId), request, study, role);
	}
}
