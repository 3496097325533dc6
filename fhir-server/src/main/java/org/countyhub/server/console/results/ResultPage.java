package org.countyhub.server.console.results;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.countyhub.server.console.ChineseFormats;
import org.countyhub.server.console.ConsoleUsers;
import org.countyhub.server.console.HubFhir;
import org.countyhub.server.console.PacsViewers;
import org.countyhub.server.console.PathIds;
import org.countyhub.server.console.RecognitionBadge;
import org.countyhub.server.console.ReportText;
import org.countyhub.server.console.ResultLabels;
import org.countyhub.server.console.UnitLabels;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * A result's detail: a report with its values (units, reference ranges, abnormal flags highlighted) and its text
 * (检查所见 / 诊断意见, conclusion), its files (an ECG's PDF shown inline), or a single result; with the HR 互认
 * badge and 有效期至 where recognisable.
 */
@OnEmbeddedSignIn
@Controller
class ResultPage {

	/** The page's content. */
	record Detail(String title, String kind, String unit, String when, String state, RecognitionBadge badge,
			List<Measurements.Row> rows, String findings, String conclusion, boolean critical, String patientId,
			String revision, List<ReportDocument> documents) {}

	/** A file of the report shown in the page (an ECG tracing as PDF, an image): its position among the forms. */
	record ReportDocument(int index, String title, String contentType) {

		public boolean pdf() {
			return "application/pdf".equals(contentType);
		}
	}

	/** What the console shows of a report's forms: what a browser displays by itself, never HTML or scripts. */
	static final java.util.Set<String> SHOWN_TYPES = java.util.Set.of("application/pdf", "image/jpeg", "image/png");

	private final ConsoleUsers users;
	private final HubFhir hub;
	private final ChineseFormats formats;
	private final UnitLabels units;
	private final Clock clock;
	private final PacsViewers viewers;

	ResultPage(ConsoleUsers users, HubFhir hub, ChineseFormats formats, UnitLabels units, Clock clock,
			PacsViewers viewers) {
		this.viewers = viewers;
		this.users = users;
		this.hub = hub;
		this.formats = formats;
		this.units = units;
		this.clock = clock;
	}

	@GetMapping("/console/results/DiagnosticReport/{id}")
	String report(@PathVariable("id") String id, HttpServletRequest request, HttpSession session, Model model) {
		IGenericClient fhir = client(id, request, session);
		Bundle found = fhir.search().forResource(DiagnosticReport.class)
				.where(DiagnosticReport.RES_ID.exactly().code(id))
				.include(DiagnosticReport.INCLUDE_RESULT)
				.returnBundle(Bundle.class).execute();
		DiagnosticReport report = null;
		List<Measurements.Row> rows = new ArrayList<>();
		for (Bundle.BundleEntryComponent entry : found.getEntry()) {
			if (entry.getResource() instanceof DiagnosticReport r) {
				report = r;
			}
		}
		if (report == null) {
			throw new ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException("DiagnosticReport/" + id);
		}
		// in the report's own order
		for (Reference result : report.getResult()) {
			for (Bundle.BundleEntryComponent entry : found.getEntry()) {
				if (entry.getResource() instanceof Observation observation
						&& observation.getIdElement().getIdPart().equals(result.getReferenceElement().getIdPart())) {
					rows.add(Measurements.of(observation));
				}
			}
		}
		model.addAttribute("reportId", id);
		model.addAttribute("detail", new Detail(ResultLabels.item(report.getCode()), ResultLabels.reportKind(report),
				unit(report.getPerformer(), fhir), formats.when(report.hasEffectiveDateTimeType()
						? report.getEffectiveDateTimeType() : report.getIssuedElement()),
				ResultLabels.state(report.getStatus() == null ? null : report.getStatus().toCode()),
				RecognitionBadge.of(report, clock.instant(), formats), rows, ReportText.findings(report),
				report.hasConclusion() ? report.getConclusion() : "", ReportText.critical(report),
				report.getSubject().getReferenceElement().getIdPart(), ReportText.revision(report),
				documents(report)));
		model.addAttribute("viewer", viewer(report, fhir));
		model.addAttribute("images", report.hasImagingStudy());
		return "console/result";
	}

	/** 在PACS中查看 for an imaging report whose study's unit declares a viewer; null otherwise. */
	private String viewer(DiagnosticReport report, IGenericClient fhir) {
		if (!report.hasImagingStudy()) {
			return null;
		}
		try {
			ImagingStudy study = fhir.read().resource(ImagingStudy.class)
					.withId(report.getImagingStudyFirstRep().getReferenceElement().getIdPart()).execute();
			return viewers.of(fhir, study).orElse(null);
		} catch (BaseServerResponseException e) {
			// a study (or its Endpoint) the person may not read or that is gone: the report still shows, without link
			return null;
		}
	}

	/**
	 * One of the report's files (the ECG's PDF), read through the hub's API as the signed-in person and sent inline,
	 * never cached, only of the types a browser shows by itself.
	 */
	@GetMapping("/console/results/DiagnosticReport/{id}/forms/{index}")
	ResponseEntity<byte[]> form(@PathVariable("id") String id, @PathVariable("index") int index,
			HttpServletRequest request, HttpSession session) {
		DiagnosticReport report = client(id, request, session).read().resource(DiagnosticReport.class).withId(id)
				.execute();
		if (index < 0 || index >= report.getPresentedForm().size()) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		Attachment form = report.getPresentedForm().get(index);
		String type = mediaType(form);
		if (!form.hasData() || !SHOWN_TYPES.contains(type)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		return ResponseEntity.ok().contentType(MediaType.parseMediaType(type)).cacheControl(CacheControl.noStore())
				.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
						.filename("report-" + id + "-" + index + (type.equals("application/pdf") ? ".pdf" : ""))
						.build().toString())
				.body(form.getData());
	}

	private static List<ReportDocument> documents(DiagnosticReport report) {
		List<ReportDocument> documents = new ArrayList<>();
		for (int i = 0; i < report.getPresentedForm().size(); i++) {
			Attachment form = report.getPresentedForm().get(i);
			if (form.hasData() && SHOWN_TYPES.contains(mediaType(form))) {
				documents.add(new ReportDocument(i, form.hasTitle() ? form.getTitle() : "报告文件", mediaType(form)));
			}
		}
		return documents;
	}

	private static String mediaType(Attachment form) {
		return form.hasContentType() ? form.getContentType().split(";")[0].strip().toLowerCase(java.util.Locale.ROOT)
				: "";
	}

	@GetMapping("/console/results/Observation/{id}")
	String observation(@PathVariable("id") String id, HttpServletRequest request, HttpSession session,
			Model model) {
		IGenericClient fhir = client(id, request, session);
		Observation observation = fhir.read().resource(Observation.class).withId(id).execute();
		model.addAttribute("detail", new Detail(ResultLabels.item(observation.getCode()),
				ResultLabels.observationKind(observation), unit(observation.getPerformer(), fhir),
				formats.when(observation.hasEffectiveDateTimeType() ? observation.getEffectiveDateTimeType()
						: observation.getIssuedElement()),
				ResultLabels.state(observation.getStatus() == null ? null : observation.getStatus().toCode()),
				RecognitionBadge.of(observation, clock.instant(), formats), List.of(Measurements.of(observation)), "",
				observation.hasNote() ? observation.getNoteFirstRep().getText() : "", false,
				observation.getSubject().getReferenceElement().getIdPart(), "", List.of()));
		model.addAttribute("images", false);
		return "console/result";
	}

	private String unit(List<Reference> performers, IGenericClient fhir) {
		return units.performer(performers, fhir);
	}

	private IGenericClient client(String id, HttpServletRequest request, HttpSession session) {
		PathIds.checked(id);
		return hub.client(request, users.current(session).orElseThrow());
	}
}
