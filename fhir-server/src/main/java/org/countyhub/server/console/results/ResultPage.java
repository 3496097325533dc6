package org.countyhub.server.console.results;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.countyhub.server.console.ChineseFormats;
import org.countyhub.server.console.ConsoleUsers;
import org.countyhub.server.console.HubFhir;
import org.countyhub.server.console.PathIds;
import org.countyhub.server.console.RecognitionBadge;
import org.countyhub.server.console.ReportText;
import org.countyhub.server.console.ResultLabels;
import org.countyhub.server.console.UnitLabels;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * A result's detail: a report with its values (units, reference ranges, abnormal flags highlighted) and its text
 * (检查所见 / 诊断意见, conclusion), or a single result; with the HR 互认 badge and 有效期至 where recognisable.
 */
@OnEmbeddedSignIn
@Controller
class ResultPage {

	/** The page's content. */
	record Detail(String title, String kind, String unit, String when, String state, RecognitionBadge badge,
			List<Measurements.Row> rows, String findings, String conclusion, boolean critical, String patientId) {}

	private final ConsoleUsers users;
	private final HubFhir hub;
	private final ChineseFormats formats;
	private final UnitLabels units;
	private final Clock clock;

	ResultPage(ConsoleUsers users, HubFhir hub, ChineseFormats formats, UnitLabels units, Clock clock) {
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
		model.addAttribute("detail", new Detail(ResultLabels.item(report.getCode()), ResultLabels.reportKind(report),
				unit(report.getPerformer(), fhir), formats.when(report.hasEffectiveDateTimeType()
						? report.getEffectiveDateTimeType() : report.getIssuedElement()),
				ResultLabels.state(report.getStatus() == null ? null : report.getStatus().toCode()),
				RecognitionBadge.of(report, clock.instant(), formats), rows, ReportText.findings(report),
				report.hasConclusion() ? report.getConclusion() : "", ReportText.critical(report),
				report.getSubject().getReferenceElement().getIdPart()));
		return "console/result";
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
				observation.getSubject().getReferenceElement().getIdPart()));
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
