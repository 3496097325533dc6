package org.countyhub.server.console.results;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.countyhub.server.console.ConsoleUsers;
import org.countyhub.server.console.HubFhir;
import org.countyhub.server.console.PacsViewers;
import org.countyhub.server.console.PathIds;
import org.countyhub.server.console.ResultLabels;
import org.countyhub.server.console.reading.ReadingDesk;
import org.countyhub.server.console.reading.StudyImages;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * 影像 of an imaging report opened from the 360 view: the study's frames rendered by the performing unit's PACS
 * and fetched by the hub (the browser never learns the PACS's address), with the reading desk's window presets and
 * the unit's own viewer where it declares one. The report and its study are read through the hub's API as the
 * signed-in person, so the same access rules and the same audit apply as to the report itself.
 */
@OnEmbeddedSignIn
@Controller
class ReportImagesPage {

	private final ConsoleUsers users;
	private final HubFhir hub;
	private final StudyImages images;
	private final ReadingDesk desk;
	private final PacsViewers viewers;

	ReportImagesPage(ConsoleUsers users, HubFhir hub, StudyImages images, ReadingDesk desk, PacsViewers viewers) {
		this.users = users;
		this.hub = hub;
		this.images = images;
		this.desk = desk;
		this.viewers = viewers;
	}

	@GetMapping("/console/results/DiagnosticReport/{id}/images")
	String images(@PathVariable("id") String id, @RequestParam(name = "preset", required = false) String preset,
			HttpServletRequest request, HttpSession session, Model model) {
		IGenericClient fhir = client(request, session);
		DiagnosticReport report = report(fhir, id);
		ImagingStudy study = study(fhir, report);
		model.addAttribute("reportId", id);
		model.addAttribute("title", ResultLabels.item(report.getCode()));
		model.addAttribute("patientId", report.getSubject().getReferenceElement().getIdPart());
		model.addAttribute("frames", images.frames(fhir, study));
		model.addAttribute("viewer", viewers.of(fhir, study).orElse(null));
		model.addAttribute("presets", desk.presets());
		model.addAttribute("preset", desk.preset(preset == null ? "" : preset).key());
		return "console/report-images";
	}

	@GetMapping("/console/results/DiagnosticReport/{id}/images/{series}/{instance}")
	ResponseEntity<byte[]> frame(@PathVariable("id") String id, @PathVariable("series") String series,
			@PathVariable("instance") String instance, @RequestParam(name = "preset", required = false) String preset,
			HttpServletRequest request, HttpSession session) {
		IGenericClient fhir = client(request, session);
		ImagingStudy study = study(fhir, report(fhir, id));
		StudyImages.Rendered rendered = images.rendered(fhir, study, new StudyImages.Frame(series, instance),
				desk.preset(preset == null ? "" : preset))
				.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		return ResponseEntity.ok().contentType(MediaType.parseMediaType(rendered.contentType()))
				.cacheControl(CacheControl.noStore()).body(rendered.bytes());
	}

	private static DiagnosticReport report(IGenericClient fhir, String id) {
		return fhir.read().resource(DiagnosticReport.class).withId(PathIds.checked(id)).execute();
	}

	/** The report's (first) study; a report that names none has no images to show. */
	private static ImagingStudy study(IGenericClient fhir, DiagnosticReport report) {
		if (!report.hasImagingStudy() || !report.getImagingStudyFirstRep().getReferenceElement().hasIdPart()) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		return fhir.read().resource(ImagingStudy.class)
				.withId(report.getImagingStudyFirstRep().getReferenceElement().getIdPart()).execute();
	}

	private IGenericClient client(HttpServletRequest request, HttpSession session) {
		return hub.client(request, users.current(session).orElseThrow());
	}
}
