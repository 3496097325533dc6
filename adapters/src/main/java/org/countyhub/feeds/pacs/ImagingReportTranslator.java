package org.countyhub.feeds.pacs;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.countyhub.county.UnitFeed;
import org.countyhub.feeds.fhir.FeedContext;
import org.countyhub.feeds.fhir.Hl7Times;
import org.countyhub.feeds.fhir.Identifiers;
import org.countyhub.feeds.hl7.Segment;
import org.countyhub.feeds.results.ObservationTranslator;
import org.countyhub.feeds.results.ReportTranslator;
import org.countyhub.feeds.results.ResultGroup;
import org.countyhub.feeds.unit.CodeMap;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Reference;

/**
 * PACS/RIS reports (ORU^R01): the text (检查所见 findings, 诊断意见 impression) becomes the report's text — the
 * impression (an item the unit's table maps to LOINC 19005-8) its conclusion, the whole text its presented form —
 * and the Study Instance UID (ZDS-1, an RP OBX, or the unit's configured field) an ImagingStudy that points at the
 * unit's DICOMweb Endpoint, where the images stay.
 */
public final class ImagingReportTranslator extends ReportTranslator {

	static final String IMPRESSION_LOINC = "19005-8";
	private static final Set<String> TEXT = Set.of("ST", "TX", "FT", "CE", "CWE");

	public ImagingReportTranslator() {
		super("RAD", "Radiology");
	}

	@Override
	protected void results(ResultGroup group, Report report) {
		StringBuilder fullText = new StringBuilder();
		CodeMap items = report.ctx().unit().tables().itemCodes();
		for (ResultGroup.Result result : group.results()) {
			Segment obx = result.obx();
			String type = obx.value(2);
			if (type.equals("ED")) {
				report.addPresentedForm(obx);
			} else if (TEXT.contains(type)) {
				String text = ObservationTranslator.text(obx);
				String heading = obx.value(3, 2);
				if (fullText.length() > 0) {
					fullText.append("\n\n");
				}
				fullText.append(heading.isEmpty() ? "" : heading + ":\n").append(text);
				if (isImpression(obx, items)) {
					report.appendConclusion(text);
				}
			} else if (type.equals("NM") || type.equals("SN")) {
				report.addObservation(result, group);
			}
		}
		if (fullText.length() > 0) {
			report.report().addPresentedForm(new Attachment()
					.setContentType("text/plain; charset=utf-8")
					.setLanguage("zh-CN")
					.setData(fullText.toString().getBytes(StandardCharsets.UTF_8))
					.setTitle("报告文本"));
		}
	}

	private static boolean isImpression(Segment obx, CodeMap items) {
		String code = obx.value(3);
		CodeMap.Target target = items.get(code);
		return IMPRESSION_LOINC.equals(code) && obx.value(3, 3).equals("LN")
				|| target != null && IMPRESSION_LOINC.equals(target.code())
				|| code.endsWith("&IMP") || code.endsWith("IMP");
	}

	@Override
	protected void completed(ResultGroup group, Report report) {
		FeedContext ctx = report.ctx();
		Optional<String> uid = studyUid(group, ctx);
		if (uid.isEmpty()) {
			return;
		}
		ImagingStudy study = new ImagingStudy();
		Identifier key = new Identifier().setSystem(HubSystems.DICOM_UID).setValue("urn:oid:" + uid.get());
		study.addIdentifier(key);
		study.setStatus(ImagingStudy.ImagingStudyStatus.AVAILABLE);
		study.setSubject(report.subject());
		var started = Hl7Times.dateTime(group.obr().value(7));
		if (started != null) {
			study.setStartedElement(started);
		}
		if (!group.placer().isEmpty()) {
			study.addBasedOn(new Reference().setType("ServiceRequest")
					.setIdentifier(Identifiers.of(ctx.system("placer-order"), group.placer(), "PLAC")));
		}
		String modality = group.obr().value(24);
		if (!modality.isEmpty() && modality.length() <= 3 && !modality.equals("RAD")) {
			study.addModality(new Coding(HubSystems.DICOM_MODALITY, modality, null));
		}
		String description = group.obr().value(4, 2);
		if (!description.isEmpty()) {
			study.setDescription(description);
		}
		UnitFeed feed = ctx.unit().feed();
		if (feed.dicomWeb() != null) {
			study.addEndpoint(endpoint(ctx, report));
		}
		study.setLocation(null);
		report.report().addImagingStudy(report.tx().upsert(study, key));
	}

	private static Reference endpoint(FeedContext ctx, Report report) {
		Endpoint endpoint = new Endpoint();
		Identifier key = new Identifier().setSystem(HubSystems.DICOMWEB_ENDPOINT).setValue(ctx.unit().code());
		endpoint.addIdentifier(key);
		endpoint.setStatus(Endpoint.EndpointStatus.ACTIVE);
		endpoint.setConnectionType(new Coding(HubSystems.ENDPOINT_CONNECTION_TYPE, "dicom-wado-rs", "DICOM WADO-RS"));
		endpoint.setName(ctx.unit().unit().name() + " DICOMweb");
		endpoint.setManagingOrganization(new Reference(ctx.unit().reference()));
		// endpoint-payload-type has no code for DICOM (its codes are any / none): the guide's own example and the
		// base specification's WADO-RS example say it in text
		endpoint.addPayloadType(new CodeableConcept().setText("DICOM"));
		endpoint.addPayloadMimeType("application/dicom");
		endpoint.setAddress(ctx.unit().feed().dicomWeb());
		return report.tx().upsert(endpoint, key);
	}

	/** The unit's configured field first, then a ZDS segment, then an OBX of type RP. */
	static Optional<String> studyUid(ResultGroup group, FeedContext ctx) {
		String configured = ctx.unit().feed().studyUidField();
		if (configured != null) {
			String[] parts = configured.split("-");
			int field = Integer.parseInt(parts[1]);
			int component = parts.length > 2 ? Integer.parseInt(parts[2]) : 1;
			for (Segment s : segmentsOf(group, ctx, parts[0])) {
				String value = s.value(field, component);
				if (isUid(value)) {
					return Optional.of(value);
				}
			}
		}
		for (Segment zds : ctx.message().all("ZDS")) {
			if (isUid(zds.value(1))) {
				return Optional.of(zds.value(1));
			}
		}
		for (ResultGroup.Result result : group.results()) {
			if (result.obx().value(2).equals("RP") && isUid(result.obx().value(5))) {
				return Optional.of(result.obx().value(5));
			}
		}
		return Optional.empty();
	}

	private static java.util.List<Segment> segmentsOf(ResultGroup group, FeedContext ctx, String name) {
		return switch (name) {
			case "OBR" -> java.util.List.of(group.obr());
			case "OBX" -> group.results().stream().map(ResultGroup.Result::obx).toList();
			default -> ctx.message().all(name);
		};
	}

	private static boolean isUid(String value) {
		return value.length() <= 64 && value.matches("[0-2](\\.(0|[1-9][0-9]*))+");
	}
}
