package org.countyhub.feeds.results;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.countyhub.feeds.fhir.Concepts;
import org.countyhub.feeds.fhir.FeedContext;
import org.countyhub.feeds.fhir.FeedException;
import org.countyhub.feeds.fhir.Hl7Times;
import org.countyhub.feeds.fhir.Identifiers;
import org.countyhub.feeds.fhir.PatientTranslator;
import org.countyhub.feeds.fhir.TransactionBuilder;
import org.countyhub.feeds.his.AllergyTranslator;
import org.countyhub.feeds.his.DiagnosisTranslator;
import org.countyhub.feeds.hl7.Field;
import org.countyhub.feeds.hl7.Segment;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Specimen;

/**
 * The part every result feed (LIS, PACS, ECG) shares: one DiagnosticReport per OBR, matched on the filler order
 * number so that a correction (OBR-25 = C) updates the same report; the patient (created only if the unit has
 * not sent it yet), the specimen, the performing unit. Subclasses decide what each OBX becomes.
 */
public abstract class ReportTranslator {

	private final String category;
	private final String categoryDisplay;

	protected ReportTranslator(String category, String categoryDisplay) {
		this.category = category;
		this.categoryDisplay = categoryDisplay;
	}

	public final Bundle translate(FeedContext ctx) {
		Segment pid = ctx.message().first("PID")
				.orElseThrow(() -> FeedException.noPatient(ctx.message().type()));
		List<ResultGroup> groups = ResultGroup.of(ctx.message().segments());
		if (groups.isEmpty()) {
			throw FeedException.missing(2017, ctx.message().type() + " has no OBR segment");
		}
		TransactionBuilder tx = new TransactionBuilder(ctx.source());
		PatientTranslator.Translated patient = PatientTranslator.translate(pid, ctx);
		Reference subject = tx.createIfAbsent(patient.patient(), patient.key());
		Reference encounter = ctx.visit();
		for (ResultGroup group : groups) {
			report(group, new Report(ctx, tx, subject, encounter));
		}
		// DG1 and AL1 where a result message carries them (not in ORU^R01's standard structure, but sent by HIS/LIS
		// that copy the patient's visit segments)
		DiagnosisTranslator.translate(ctx, tx, subject, encounter, patient.key());
		AllergyTranslator.translate(ctx, tx, subject, encounter, patient.key());
		return tx.build();
	}

	/** Turns the OBX of one group into observations, text or documents of the report. */
	protected abstract void results(ResultGroup group, Report report);

	/** Anything the feed adds after the report is built (e.g. the ImagingStudy). */
	protected void completed(ResultGroup group, Report report) {}

	private void report(ResultGroup group, Report report) {
		FeedContext ctx = report.ctx;
		String filler = group.filler();
		String placer = group.placer();
		if (filler.isEmpty() && placer.isEmpty()) {
			throw FeedException.missing(2018, "OBR without a filler (OBR-3/ORC-3) or placer (OBR-2/ORC-2) number");
		}
		DiagnosticReport dr = report.report;
		Identifier key = filler.isEmpty()
				? Identifiers.of(ctx.system("placer-order"), placer, "PLAC")
				: Identifiers.of(ctx.system("filler-order"), filler, "FILL");
		report.key = key.getValue();
		dr.addIdentifier(key);
		if (!placer.isEmpty()) {
			dr.addBasedOn(new Reference().setType("ServiceRequest")
					.setIdentifier(Identifiers.of(ctx.system("placer-order"), placer, "PLAC")));
		}
		dr.addCategory().addCoding(new Coding(HubSystems.V2_DIAGNOSTIC_SERVICE_SECTION, category, categoryDisplay));
		dr.setCode(Concepts.of(group.obr().field(4), ctx.localCodes(), ctx.unit().tables().itemCodes()));
		dr.setSubject(report.subject);
		if (report.encounter != null) {
			dr.setEncounter(report.encounter);
		}
		var effective = Hl7Times.dateTime(group.obr().value(7));
		if (effective == null) {
			effective = Hl7Times.dateTime(group.obr().value(6));
		}
		if (effective != null) {
			dr.setEffective(effective);
		}
		var issued = Hl7Times.dateTime(group.obr().value(22));
		if (issued == null) {
			issued = Hl7Times.dateTime(ctx.message().msh().value(7));
		}
		if (issued != null) {
			// issued is an instant: at least seconds, whatever precision was sent
			var precision = issued.getPrecision() == TemporalPrecisionEnum.MILLI
					? TemporalPrecisionEnum.MILLI
					: TemporalPrecisionEnum.SECOND;
			dr.setIssuedElement(new InstantType(issued.getValue(), precision, issued.getTimeZone()));
		}
		dr.addPerformer(new Reference(ctx.unit().reference()));
		Field interpreter = group.obr().field(32);
		if (!interpreter.isEmpty()) {
			// NDL: the name is in component 1's subcomponents; many systems write it as components instead
			String name = interpreter.sub(1, 2) + interpreter.sub(1, 3);
			if (name.isBlank() && !interpreter.component(2).matches("\\d*")) {
				name = interpreter.component(2) + interpreter.component(3);
			}
			dr.addResultsInterpreter(new Reference().setDisplay(name.isBlank() ? interpreter.sub(1, 1) : name));
		}
		specimen(group, report);
		results(group, report);
		if (!dr.hasEffective()) {
			// no OBR-7/OBR-6: the report is as of its earliest observation time (OBX-14) sent
			group.results().stream()
					.map(r -> Hl7Times.dateTime(r.obx().value(14)))
					.filter(java.util.Objects::nonNull)
					.min(java.util.Comparator.comparing(t -> t.getValue()))
					.ifPresent(dr::setEffective);
		}
		for (Segment nte : group.notes()) {
			report.appendConclusion(nte.field(3).text());
		}
		dr.setStatus(status(group));
		completed(group, report);
		// an update of a stored report keeps what the message leaves out (v2 null semantics): a correction that
		// re-sends only the changed OBX keeps the other results, a late preliminary does not undo a final report
		report.tx.update(dr, ctx.update(key));
	}

	private static void specimen(ResultGroup group, Report report) {
		FeedContext ctx = report.ctx;
		Specimen specimen = new Specimen();
		String id;
		if (!group.specimens().isEmpty()) {
			Segment spm = group.specimens().get(0);
			id = spm.field(2).sub(1, 1).isEmpty() ? spm.field(2).sub(2, 1) : spm.field(2).sub(1, 1);
			specimen.setType(Concepts.of(spm.field(4), ctx.localCodes(), ctx.unit().tables().itemCodes()));
			var collected = Hl7Times.dateTime(spm.value(17));
			if (collected != null) {
				specimen.getCollection().setCollected(collected);
			}
			var received = Hl7Times.dateTime(spm.value(18));
			if (received != null) {
				specimen.setReceivedTimeElement(received);
			}
		} else if (!group.obr().field(15).isEmpty()) {
			id = "";
			Field source = group.obr().field(15);
			specimen.getType().setText(source.component(1).isEmpty() ? source.text() : source.sub(1, 2).isEmpty()
					? source.sub(1, 1) : source.sub(1, 2));
			specimen.getType().addCoding().setSystem(ctx.localCodes()).setCode(source.sub(1, 1));
		} else {
			return;
		}
		if (id.isEmpty()) {
			id = report.key;
		}
		var collected = Hl7Times.dateTime(group.obr().value(7));
		if (collected != null && !specimen.getCollection().hasCollected()) {
			specimen.getCollection().setCollected(collected);
		}
		Identifier key = Identifiers.of(ctx.system("specimen"), id, null);
		specimen.addIdentifier(key);
		specimen.setSubject(report.subject);
		report.report.addSpecimen(report.tx.upsert(specimen, key));
	}

	/** OBR-25 (HL7 table 0123); without one, the OBX statuses decide. */
	private static DiagnosticReport.DiagnosticReportStatus status(ResultGroup group) {
		return switch (group.obr().value(25)) {
			case "O", "I", "S" -> DiagnosticReport.DiagnosticReportStatus.REGISTERED;
			case "P", "R" -> DiagnosticReport.DiagnosticReportStatus.PRELIMINARY;
			case "A" -> DiagnosticReport.DiagnosticReportStatus.PARTIAL;
			case "C", "M" -> DiagnosticReport.DiagnosticReportStatus.CORRECTED;
			case "X" -> DiagnosticReport.DiagnosticReportStatus.CANCELLED;
			case "F" -> DiagnosticReport.DiagnosticReportStatus.FINAL;
			default -> group.results().stream().anyMatch(r -> r.obx().value(11).equals("C"))
					? DiagnosticReport.DiagnosticReportStatus.CORRECTED
					: DiagnosticReport.DiagnosticReportStatus.FINAL;
		};
	}

	/** The report being built for one OBR, with what feeds add to it. */
	protected static final class Report {

		private final FeedContext ctx;
		private final TransactionBuilder tx;
		private final Reference subject;
		private final Reference encounter;
		private final DiagnosticReport report = new DiagnosticReport();
		private String key;
		private final StringBuilder conclusion = new StringBuilder();
		/** Observation keys given out so far in this report. */
		private final Set<String> observationKeys = new HashSet<>();

		Report(FeedContext ctx, TransactionBuilder tx, Reference subject, Reference encounter) {
			this.ctx = ctx;
			this.tx = tx;
			this.subject = subject;
			this.encounter = encounter;
		}

		public FeedContext ctx() {
			return ctx;
		}

		public TransactionBuilder tx() {
			return tx;
		}

		public Reference subject() {
			return subject;
		}

		public DiagnosticReport report() {
			return report;
		}

		/** The OBX as an Observation of the report, matched on report + OBX-3 code + OBX-4 sub-id. */
		public Observation addObservation(ResultGroup.Result result, ResultGroup group) {
			Observation observation = ObservationTranslator.translate(result, group, ctx);
			Segment obx = result.obx();
			String item = obx.value(3).isEmpty() ? "#" + obx.value(1) : obx.value(3);
			String id = key + "/" + item + (obx.value(4).isEmpty() ? "" : "/" + obx.value(4));
			if (!observationKeys.add(id)) {
				// the same code again without its own OBX-4: a result of its own (OBX-1), never folded into the
				// first one (HAPI would merge equal conditional URLs into one Observation, checking each against
				// the whole transaction: 2,000 such OBX took minutes)
				id = id + "/#" + obx.value(1);
				observationKeys.add(id);
			}
			Identifier obsKey = Identifiers.of(ctx.system("observation"), id, null);
			observation.addIdentifier(obsKey);
			observation.setSubject(subject);
			if (encounter != null) {
				observation.setEncounter(encounter);
			}
			observation.addPerformer(new Reference(ctx.unit().reference()));
			if (report.hasSpecimen()) {
				observation.setSpecimen(report.getSpecimenFirstRep());
			}
			observation.addCategory().addCoding(new Coding(
					"http://terminology.hl7.org/CodeSystem/observation-category",
					report.getCategoryFirstRep().getCodingFirstRep().getCode().equals("LAB") ? "laboratory" : "procedure",
					null));
			// the reference carries the result's identifier so that a later correction is matched to it
			report.addResult(tx.upsert(observation, obsKey).setIdentifier(obsKey.copy()));
			return observation;
		}

		/** An ED value (base64 document, e.g. the ECG's PDF) as a presented form of the report. */
		public void addPresentedForm(Segment obx) {
			Field ed = obx.field(5);
			String data = ed.component(5);
			String encoding = ed.component(4);
			Attachment attachment = new Attachment();
			attachment.setContentType(contentType(ed.component(2), ed.component(3)));
			byte[] bytes;
			try {
				bytes = encoding.equalsIgnoreCase("Base64") || encoding.isEmpty()
						? Base64.getMimeDecoder().decode(data)
						: data.getBytes(java.nio.charset.StandardCharsets.UTF_8);
			} catch (IllegalArgumentException e) {
				throw new FeedException(FeedException.Ack.AE, 2019, "102",
						"OBX-5 (ED) of OBX " + obx.value(1) + " is not valid Base64");
			}
			attachment.setData(bytes);
			String title = obx.value(3, 2);
			if (!title.isEmpty()) {
				attachment.setTitle(title);
			}
			report.addPresentedForm(attachment);
		}

		/** Text (impression, interpretation, notes) added to the report's conclusion, line by line. */
		public void appendConclusion(String text) {
			if (text == null || text.isBlank()) {
				return;
			}
			if (conclusion.length() > 0) {
				conclusion.append('\n');
			}
			conclusion.append(text);
			report.setConclusion(conclusion.toString());
		}

		private static String contentType(String type, String subtype) {
			return switch (subtype.toUpperCase(java.util.Locale.ROOT)) {
				case "PDF" -> "application/pdf";
				case "JPEG", "JPG" -> "image/jpeg";
				case "PNG" -> "image/png";
				case "TIFF" -> "image/tiff";
				case "HTML" -> "text/html";
				case "XML" -> "application/xml";
				case "RTF" -> "application/rtf";
				case "DICOM" -> "application/dicom";
				default -> type.equalsIgnoreCase("TEXT") ? "text/plain" : "application/octet-stream";
			};
		}
	}
}
