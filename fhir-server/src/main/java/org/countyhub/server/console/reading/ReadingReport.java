package org.countyhub.server.console.reading;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.console.ReportText;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * The centre's report as the hub's {@code imaging-report} profile asks (docs/workflows.md §5): based on the
 * request, about its study, performed by the centre and the reader, final. 检查所见 is the report's text
 * ({@code presentedForm}, text/plain), 诊断意见 its conclusion, a 危急值 the conclusion code {@code AA}.
 */
final class ReadingReport {

	private ReadingReport() {}

	static DiagnosticReport of(ServiceRequest request, ImagingStudy study, String centre, String readerRole,
			String readerName, ReportForm form, Date now) {
		DiagnosticReport report = new DiagnosticReport();
		report.getMeta().addProfile(HubSystems.IMAGING_REPORT_PROFILE);
		report.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL);
		report.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v2-0074", "RAD",
				"Radiology")));
		CodeableConcept code = new CodeableConcept().setText(request.getCode().getText());
		request.getCode().getCoding().stream().filter(c -> !HubSystems.DICOM_DCM.equals(c.getSystem()))
				.forEach(c -> code.addCoding(c.copy()));
		report.setCode(code);
		report.setSubject(request.getSubject().copy());
		report.addBasedOn(new Reference("ServiceRequest/" + request.getIdElement().getIdPart()));
		if (study != null) {
			report.addImagingStudy(new Reference("ImagingStudy/" + study.getIdElement().getIdPart()));
		}
		report.setEffective(study != null && study.hasStarted() ? study.getStartedElement().copy()
				: new DateTimeType(now));
		report.setIssued(now);
		report.addPerformer(new Reference(centre));
		report.addPerformer(new Reference(readerRole).setDisplay(readerName));
		write(report, form);
		return report;
	}

	/**
	 * The centre's report revised: the same DiagnosticReport (the hub keeps the earlier version in its history),
	 * status {@code amended}, issued now, the new text with its 修订说明. Performers and references stay.
	 */
	static DiagnosticReport revised(DiagnosticReport current, ReportForm form, Date now) {
		DiagnosticReport report = current.copy();
		report.setStatus(DiagnosticReport.DiagnosticReportStatus.AMENDED);
		report.setIssued(now);
		report.getPresentedForm().clear();
		report.getConclusionCode().clear();
		write(report, form);
		report.addPresentedForm().setContentType("text/plain; charset=utf-8").setLanguage("zh-CN")
				.setTitle(ReportText.REVISION_TITLE).setData(form.revision().getBytes(StandardCharsets.UTF_8));
		return report;
	}

	private static void write(DiagnosticReport report, ReportForm form) {
		report.addPresentedForm().setContentType("text/plain; charset=utf-8").setLanguage("zh-CN")
				.setTitle(ReportText.FINDINGS_TITLE).setData(form.findings().getBytes(StandardCharsets.UTF_8));
		report.setConclusion(form.impression());
		if (form.isCritical()) {
			report.addConclusionCode(new CodeableConcept(new Coding(ReportText.INTERPRETATION, ReportText.CRITICAL, "Critical abnormal"))
					.setText("危急值"));
		}
	}
}
