package org.countyhub.server.workflow;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;

/**
 * DiagnosticReports as a unit's RIS or ECG system sends them: conforming to the guide's imaging-report or
 * ecg-report profile (declared profile, diagnostic service section, time of the exam, performer).
 */
public final class Reports {

	private static final String DIAGNOSTIC_SERVICE_SECTION = "http://terminology.hl7.org/CodeSystem/v2-0074";

	private Reports() {}

	/** An imaging report (影像诊断报告): section RAD. */
	public static DiagnosticReport imaging(Patient patient, String performerUnit, String item, String itemDisplay,
			String conclusion) {
		DiagnosticReport report = base(patient, performerUnit, item, itemDisplay, conclusion);
		report.getMeta().addProfile(HubSystems.IMAGING_REPORT_PROFILE);
		report.addCategory(new CodeableConcept(new Coding(DIAGNOSTIC_SERVICE_SECTION, "RAD", "Radiology")));
		return report;
	}

	/** An ECG report (心电图报告): section EC, with the tracing attached as a PDF as the profile requires. */
	public static DiagnosticReport ecg(Patient patient, String performerUnit, String item, String itemDisplay,
			String conclusion) {
		DiagnosticReport report = base(patient, performerUnit, item, itemDisplay, conclusion);
		report.getMeta().addProfile(HubSystems.ECG_REPORT_PROFILE);
		report.addCategory(new CodeableConcept(new Coding(DIAGNOSTIC_SERVICE_SECTION, "EC", "Electrocardiac (e.g., EKG, EEC, Holter)")));
		report.addPresentedForm()
				.setContentType("application/pdf")
				.setTitle("12导联心电图")
				.setData(minimalPdf(conclusion));
		return report;
	}

	private static DiagnosticReport base(Patient patient, String performerUnit, String item, String itemDisplay,
			String conclusion) {
		DiagnosticReport report = new DiagnosticReport();
		report.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL);
		report.setCode(new CodeableConcept(new Coding(HubSystems.RECOGNITION_CATALOGUE, item, itemDisplay))
				.setText(itemDisplay));
		report.setSubject(new Reference(patient.getIdElement().toUnqualifiedVersionless().getValue()));
		report.setEffective(new DateTimeType(new Date()));
		report.setIssued(new Date());
		report.addPerformer(new Reference("Organization/" + performerUnit));
		report.setConclusion(conclusion);
		return report;
	}

	/** A one-page PDF: what the ECG cart exports (content does not matter to the hub). */
	private static byte[] minimalPdf(String text) {
		return ("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
				+ "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n% " + text.length()
				+ "\ntrailer<</Root 1 0 R>>\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);
	}
}
