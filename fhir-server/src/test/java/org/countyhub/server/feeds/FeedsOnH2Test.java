package org.countyhub.server.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.countyhub.server.feeds.FeedMessages.adt;
import static org.countyhub.server.feeds.FeedMessages.idCard;
import static org.countyhub.server.feeds.FeedMessages.unique;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.support.HubServerTest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Ratio;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Specimen;
import org.junit.jupiter.api.Test;

/** The feeds end to end on the embedded database: real MLLP connections, ACKs, stored FHIR resources. */
class FeedsOnH2Test extends HubServerTest {

	private static final Charset GB18030 = Charset.forName("GB18030");

	@Test
	void admissionInUtf8CreatesPatientAndVisitWithChineseTextIntact() {
		String mrn = unique("M");
		String card = idCard();
		String control = unique("C");
		String visit = unique("V");
		MllpClient.Ack ack = send(adt("A01", "XRMYY", control, mrn, card, "张^三丰", visit, "UNICODE UTF-8"));
		assertThat(ack.code()).as(ack.text()).isEqualTo("AA");
		assertThat(ack.controlId()).isEqualTo(control);
		assertThat(ack.field("MSH", 18)).isEqualTo("UNICODE UTF-8");

		Patient patient = patientByMrn("XRMYY", mrn);
		assertThat(patient.getNameFirstRep().getText()).isEqualTo("张三丰");
		assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("张");
		assertThat(patient.getNameFirstRep().getGivenAsSingleString()).isEqualTo("三丰");
		assertThat(patient.getIdentifier()).anySatisfy(id -> {
			assertThat(id.getSystem()).isEqualTo(HubSystems.RESIDENT_ID_CARD);
			assertThat(id.getValue()).isEqualTo(card);
		});
		assertThat(patient.getGender().toCode()).isEqualTo("female");
		assertThat(patient.getBirthDateElement().getValueAsString()).isEqualTo("1980-01-15");
		assertThat(patient.getAddressFirstRep().getCity()).isEqualTo("示范县");
		assertThat(patient.getAddressFirstRep().getLine().get(0).getValue()).isEqualTo("城关镇解放路12号");
		assertThat(patient.getTelecomFirstRep().getValue()).isEqualTo("13800138000");
		assertThat(patient.getManagingOrganization().getReference()).isEqualTo("Organization/XRMYY");
		assertThat(patient.getMeta().getSource()).isEqualTo(HubSystems.FEED_SOURCE + "XRMYY/" + control);

		Encounter encounter = one(Encounter.class, HubSystems.unitIdentifierSystem("XRMYY", "visit"), visit);
		assertThat(encounter.getStatus()).isEqualTo(Encounter.EncounterStatus.INPROGRESS);
		assertThat(encounter.getClass_().getCode()).isEqualTo("IMP");
		assertThat(encounter.getServiceProvider().getReference()).isEqualTo("Organization/XRMYY");
		assertThat(encounter.getSubject().getReference()).isEqualTo(idOf(patient));
		assertThat(encounter.getPeriod().getStartElement().getValueAsString()).startsWith("2025-03-01T09:30");

		MllpClient.Ack discharge = send(adt("A03", "XRMYY", unique("C"), mrn, card, "张^三丰", visit, "UNICODE UTF-8")
				.replace("||20250301093000\r", "||20250301093000|20250305100000\r"));
		assertThat(discharge.code()).as(discharge.text()).isEqualTo("AA");
		Encounter finished = one(Encounter.class, HubSystems.unitIdentifierSystem("XRMYY", "visit"), visit);
		assertThat(finished.getIdElement().getIdPart()).isEqualTo(encounter.getIdElement().getIdPart());
		assertThat(finished.getStatus()).isEqualTo(Encounter.EncounterStatus.FINISHED);
		assertThat(finished.getPeriod().getEndElement().getValueAsString()).startsWith("2025-03-05T10:00");

		MllpClient.Ack cancel = send(adt("A11", "XRMYY", unique("C"), mrn, card, "张^三丰", visit, "UNICODE UTF-8"));
		assertThat(cancel.code()).as(cancel.text()).isEqualTo("AA");
		assertThat(one(Encounter.class, HubSystems.unitIdentifierSystem("XRMYY", "visit"), visit).getStatus())
				.isEqualTo(Encounter.EncounterStatus.CANCELLED);
	}

	@Test
	void gb18030MessageWithoutMsh18UsesTheUnitsDefaultAndKeepsTheNameExact() {
		String mrn = unique("M");
		String message = adt("A04", "WSY02", unique("C"), mrn, idCard(), "欧阳^娜娜", unique("V"), "")
				.replace("\r", "\n");
		MllpClient.Ack ack = send(message, GB18030);
		assertThat(ack.code()).as(ack.text()).isEqualTo("AA");
		Patient patient = patientByMrn("WSY02", mrn);
		assertThat(patient.getNameFirstRep().getText()).isEqualTo("欧阳娜娜");
		assertThat(patient.getAddressFirstRep().getLine().get(0).getValue()).isEqualTo("城关镇解放路12号");
	}

	@Test
	void gb18030DeclaredInMsh18IsReadExactlyAndAnsweredInGb18030() {
		String mrn = unique("M");
		// 𠀀 (U+20000) is outside GBK: only GB 18030 four-byte sequences carry it
		String message = adt("A28", "XZYY", unique("C"), mrn, idCard(), "𠀀^喆", "", "GB 18030-2000")
				.replace("\r", "\r\n");
		byte[] ackBytes;
		try (MllpClient mllp = new MllpClient(mllpPort())) {
			ackBytes = mllp.send(message.getBytes(GB18030));
		}
		MllpClient.Ack ack = new MllpClient.Ack(new String(ackBytes, GB18030));
		assertThat(ack.code()).as(ack.text()).isEqualTo("AA");
		assertThat(ack.field("MSH", 18)).isEqualTo("GB 18030-2000");
		assertThat(patientByMrn("XZYY", mrn).getNameFirstRep().getText()).isEqualTo("𠀀喆");
	}

	@Test
	void idCardNumberArrivesInPid19OrUnderTheUnitsOwnIdentifierType() {
		String mrn = unique("M");
		String card = idCard();
		String message = FeedMessages.msh("HIS", "WSY01", "ADT^A04", unique("C"), "2.3", "")
				+ "PID|1||" + mrn + "^^^WSY01^MR~" + card + "^^^^ID||李^四||19650202|M\r";
		assertThat(send(message).code()).isEqualTo("AA");
		assertThat(patientByMrn("WSY01", mrn).getIdentifier())
				.anyMatch(id -> HubSystems.RESIDENT_ID_CARD.equals(id.getSystem()) && card.equals(id.getValue()));

		String mrn2 = unique("M");
		String card2 = idCard();
		String pid19 = FeedMessages.msh("HIS", "XRMYY", "ADT^A08", unique("C"), "2.4", "UNICODE UTF-8")
				+ "PID|1||" + mrn2 + "^^^XRMYY^MR||周^五||19650202|M|||||||||||" + card2 + "\r";
		assertThat(send(pid19).code()).isEqualTo("AA");
		assertThat(patientByMrn("XRMYY", mrn2).getIdentifier())
				.anyMatch(id -> HubSystems.RESIDENT_ID_CARD.equals(id.getSystem()) && card2.equals(id.getValue()));
	}

	@Test
	void labResultKeepsEveryValueTypeUnitRangeFlagAndLocalCodeBesideLoinc() {
		String mrn = unique("M");
		String filler = unique("F");
		String specimenId = unique("S");
		String control = unique("C");
		MllpClient.Ack ack = send(FeedMessages.labResult(control, mrn, unique("P"), filler, specimenId, "F", "11.2"),
				GB18030);
		assertThat(ack.code()).as(ack.text()).isEqualTo("AA");

		DiagnosticReport report = one(DiagnosticReport.class, HubSystems.unitIdentifierSystem("XRMYY", "filler-order"), filler);
		assertThat(report.getStatus()).isEqualTo(DiagnosticReport.DiagnosticReportStatus.FINAL);
		assertThat(report.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("LAB");
		assertThat(coding(report.getCode(), HubSystems.LOINC).getCode()).isEqualTo("58410-2");
		assertThat(coding(report.getCode(), HubSystems.unitLocalCodeSystem("XRMYY")).getDisplay()).isEqualTo("血常规");
		assertThat(report.getPerformerFirstRep().getReference()).isEqualTo("Organization/XRMYY");
		assertThat(report.getConclusion()).isEqualTo("标本轻度溶血");
		assertThat(report.getPresentedFormFirstRep().getContentType()).isEqualTo("application/pdf");
		assertThat(new String(report.getPresentedFormFirstRep().getData(), StandardCharsets.ISO_8859_1)).startsWith("%PDF-1.4");
		assertThat(report.getResult()).hasSize(11);
		assertThat(report.getMeta().getSource()).isEqualTo(HubSystems.FEED_SOURCE + "XRMYY/" + control);

		Specimen specimen = one(Specimen.class, HubSystems.unitIdentifierSystem("XRMYY", "specimen"), specimenId);
		assertThat(specimen.getType().getCodingFirstRep().getCode()).isEqualTo("BLD");
		assertThat(report.getSpecimenFirstRep().getReference()).isEqualTo(idOf(specimen));

		Observation wbc = observation(filler, "WBC");
		Quantity wbcValue = wbc.getValueQuantity();
		assertThat(wbcValue.getValue()).isEqualByComparingTo("11.2");
		assertThat(wbcValue.getUnit()).isEqualTo("10^9/L");
		assertThat(wbcValue.getSystem()).isEqualTo(HubSystems.UCUM);
		assertThat(wbcValue.getCode()).isEqualTo("10*9/L");
		assertThat(coding(wbc.getCode(), HubSystems.LOINC).getCode()).isEqualTo("6690-2");
		assertThat(coding(wbc.getCode(), HubSystems.unitLocalCodeSystem("XRMYY")).getCode()).isEqualTo("WBC");
		assertThat(wbc.getReferenceRangeFirstRep().getLow().getValue()).isEqualByComparingTo("3.5");
		assertThat(wbc.getReferenceRangeFirstRep().getHigh().getValue()).isEqualByComparingTo("9.5");
		assertThat(wbc.getReferenceRangeFirstRep().getText()).isEqualTo("3.5-9.5");
		assertThat(wbc.getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("H");
		assertThat(wbc.getStatus()).isEqualTo(Observation.ObservationStatus.FINAL);
		assertThat(wbc.getPerformerFirstRep().getReference()).isEqualTo("Organization/XRMYY");
		assertThat(wbc.getEffectiveDateTimeType().getValueAsString()).startsWith("2025-03-01T10:00:00");
		assertThat(wbc.getSpecimen().getReference()).isEqualTo(idOf(specimen));

		Observation glucose = observation(filler, "GLU");
		assertThat(glucose.getValueQuantity().getComparator()).isEqualTo(Quantity.QuantityComparator.LESS_THAN);
		assertThat(glucose.getValueQuantity().getValue()).isEqualByComparingTo("0.5");
		assertThat(glucose.getReferenceRangeFirstRep().getHigh().getValue()).isEqualByComparingTo("6.1");
		assertThat(glucose.getReferenceRangeFirstRep().hasLow()).isFalse();

		Observation creatinine = observation(filler, "CREA");
		assertThat(creatinine.getValueQuantity().getComparator()).isEqualTo(Quantity.QuantityComparator.GREATER_THAN);
		assertThat(creatinine.getValueQuantity().getValue()).isEqualByComparingTo("450");
		assertThat(creatinine.getReferenceRangeFirstRep().getLow().getValue()).isEqualByComparingTo("5");
		assertThat(creatinine.getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("HH");

		Ratio titer = observation(filler, "TITER").getValueRatio();
		assertThat(titer.getNumerator().getValue()).isEqualByComparingTo(BigDecimal.ONE);
		assertThat(titer.getDenominator().getValue()).isEqualByComparingTo("128");
		Range neutrophils = observation(filler, "NEUT%").getValueRange();
		assertThat(neutrophils.getLow().getValue()).isEqualByComparingTo("50");
		assertThat(neutrophils.getHigh().getValue()).isEqualByComparingTo("70");
		assertThat(neutrophils.getLow().getCode()).isEqualTo("%");

		Observation hbsag = observation(filler, "HBSAG");
		assertThat(hbsag.getValueStringType().getValue()).isEqualTo("阴性");
		assertThat(hbsag.getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("NEG");
		assertThat(hbsag.getNoteFirstRep().getText()).isEqualTo("复检结果一致");
		CodeableConcept abo = observation(filler, "ABO").getValueCodeableConcept();
		assertThat(abo.getCodingFirstRep().getCode()).isEqualTo("A");
		assertThat(abo.getCodingFirstRep().getDisplay()).isEqualTo("A型");
		assertThat(observation(filler, "MORPH").getValueStringType().getValue()).isEqualTo("红细胞形态正常\n未见异常细胞");
		assertThat(observation(filler, "ADVICE").getValueStringType().getValue()).isEqualTo("第一行\n第二行");
		assertThat(observation(filler, "NEXT").getValueDateTimeType().getValueAsString()).isEqualTo("2025-03-15");
	}

	@Test
	void correctionUpdatesTheSameReportAndObservationNeverASecondOne() {
		String mrn = unique("M");
		String filler = unique("F");
		String placer = unique("P");
		String specimen = unique("S");
		assertThat(send(FeedMessages.labResult(unique("C"), mrn, placer, filler, specimen, "P", "11.2"), GB18030).code())
				.isEqualTo("AA");
		DiagnosticReport preliminary = one(DiagnosticReport.class,
				HubSystems.unitIdentifierSystem("XRMYY", "filler-order"), filler);
		assertThat(preliminary.getStatus()).isEqualTo(DiagnosticReport.DiagnosticReportStatus.PRELIMINARY);
		String wbcId = observation(filler, "WBC").getIdElement().getIdPart();

		assertThat(send(FeedMessages.labResult(unique("C"), mrn, placer, filler, specimen, "C", "10.2"), GB18030).code())
				.isEqualTo("AA");
		DiagnosticReport corrected = one(DiagnosticReport.class,
				HubSystems.unitIdentifierSystem("XRMYY", "filler-order"), filler);
		assertThat(corrected.getIdElement().getIdPart()).isEqualTo(preliminary.getIdElement().getIdPart());
		assertThat(corrected.getStatus()).isEqualTo(DiagnosticReport.DiagnosticReportStatus.CORRECTED);
		Observation wbc = observation(filler, "WBC");
		assertThat(wbc.getIdElement().getIdPart()).isEqualTo(wbcId);
		assertThat(wbc.getStatus()).isEqualTo(Observation.ObservationStatus.CORRECTED);
		assertThat(wbc.getValueQuantity().getValue()).isEqualByComparingTo("10.2");
	}

	@Test
	void duplicateDeliveryChangesNothingAndIsAcknowledgedAgain() {
		String mrn = unique("M");
		String filler = unique("F");
		String message = FeedMessages.labResult(unique("C"), mrn, unique("P"), filler, unique("S"), "F", "8.8");
		assertThat(send(message, GB18030).code()).isEqualTo("AA");
		DiagnosticReport first = one(DiagnosticReport.class, HubSystems.unitIdentifierSystem("XRMYY", "filler-order"), filler);
		Patient patient = patientByMrn("XRMYY", mrn);

		MllpClient.Ack again = send(message, GB18030);
		assertThat(again.code()).as(again.text()).isEqualTo("AA");
		DiagnosticReport second = one(DiagnosticReport.class, HubSystems.unitIdentifierSystem("XRMYY", "filler-order"), filler);
		assertThat(second.getMeta().getVersionId()).isEqualTo(first.getMeta().getVersionId());
		assertThat(observation(filler, "WBC").getMeta().getVersionId()).isEqualTo("1");
		assertThat(patientByMrn("XRMYY", mrn).getMeta().getVersionId()).isEqualTo(patient.getMeta().getVersionId());
	}

	@Test
	void labResultDoesNotOverwriteThePatientTheHisSent() {
		String mrn = unique("M");
		String card = idCard();
		assertThat(send(adt("A04", "XRMYY", unique("C"), mrn, card, "陈^一", unique("V"), "UNICODE UTF-8")).code())
				.isEqualTo("AA");
		assertThat(send(FeedMessages.labResult(unique("C"), mrn, unique("P"), unique("F"), unique("S"), "F", "5"), GB18030)
				.code()).isEqualTo("AA");
		Patient patient = patientByMrn("XRMYY", mrn);
		assertThat(patient.getNameFirstRep().getText()).isEqualTo("陈一");
		assertThat(patient.getMeta().getVersionId()).isEqualTo("1");
	}

	@Test
	void ordersBecomeServiceRequestsAndACancelRevokesTheSameOne() {
		String mrn = unique("M");
		String placer = unique("P");
		assertThat(send(FeedMessages.order(unique("C"), "WSY01", mrn, placer, "NW")).code()).isEqualTo("AA");
		ServiceRequest request = one(ServiceRequest.class, HubSystems.unitIdentifierSystem("WSY01", "placer-order"), placer);
		assertThat(request.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.ACTIVE);
		assertThat(request.getIntent()).isEqualTo(ServiceRequest.ServiceRequestIntent.ORDER);
		assertThat(request.getCode().getCodingFirstRep().getCode()).isEqualTo("GLU");
		assertThat(request.getRequester().getDisplay()).isEqualTo("王医生");
		assertThat(request.getNoteFirstRep().getText()).isEqualTo("空腹采血");
		assertThat(request.getSubject().getReference()).isEqualTo(idOf(patientByMrn("WSY01", mrn)));

		assertThat(send(FeedMessages.order(unique("C"), "WSY01", mrn, placer, "CA")).code()).isEqualTo("AA");
		ServiceRequest cancelled = one(ServiceRequest.class, HubSystems.unitIdentifierSystem("WSY01", "placer-order"), placer);
		assertThat(cancelled.getIdElement().getIdPart()).isEqualTo(request.getIdElement().getIdPart());
		assertThat(cancelled.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.REVOKED);
	}

	@Test
	void imagingReportLinksTheStudyAtTheUnitsDicomWebEndpoint() {
		String mrn = unique("M");
		String filler = unique("F");
		String uid = "1.2.156.112605." + System.nanoTime();
		MllpClient.Ack ack = send(FeedMessages.imagingReport(unique("C"), mrn, unique("P"), filler, uid));
		assertThat(ack.code()).as(ack.text()).isEqualTo("AA");
		DiagnosticReport report = one(DiagnosticReport.class, HubSystems.unitIdentifierSystem("XRMYY", "filler-order"), filler);
		assertThat(report.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("RAD");
		assertThat(report.getConclusion()).isEqualTo("胸部CT平扫未见明显异常。");
		assertThat(new String(report.getPresentedFormFirstRep().getData(), StandardCharsets.UTF_8))
				.contains("双肺纹理清晰，未见明确实质性病变。\n纵隔居中。");
		assertThat(report.getResultsInterpreterFirstRep().getDisplay()).isEqualTo("周主任");
		ImagingStudy study = one(ImagingStudy.class, HubSystems.DICOM_UID, "urn:oid:" + uid);
		assertThat(report.getImagingStudyFirstRep().getReference()).isEqualTo(idOf(study));
		assertThat(study.getModalityFirstRep().getCode()).isEqualTo("CT");
		Endpoint endpoint = client.read().resource(Endpoint.class).withId(study.getEndpointFirstRep().getReferenceElement())
				.execute();
		assertThat(endpoint.getAddress()).isEqualTo("http://pacs.xrmyy.example.cn/dicom-web");
		assertThat(endpoint.getConnectionType().getCode()).isEqualTo("dicom-wado-rs");
		assertThat(endpoint.getManagingOrganization().getReference()).isEqualTo("Organization/XRMYY");
		// endpoint-payload-type has no code DICOM: said in text, as the guide's example does
		assertThat(endpoint.getPayloadTypeFirstRep().getText()).isEqualTo("DICOM");
		assertThat(endpoint.getPayloadTypeFirstRep().getCoding()).isEmpty();
	}

	@Test
	void imagingStudyUidFromTheUnitsConfiguredField() {
		String filler = unique("F");
		String uid = "1.2.156.999." + System.nanoTime();
		String message = FeedMessages.msh("RIS", "WSY01", "ORU^R01", unique("C"), "2.3", "")
				+ "PID|1||" + unique("M") + "^^^WSY01^MR||吴^九||19550505|M\r"
				+ "OBR|1||" + filler + "|DR^胸片^L|||20250301090000|||||||||||" + uid + "||||||RAD|F\r"
				+ "OBX|1|FT|IMP^印象^L||两肺未见异常||||||F\r";
		MllpClient.Ack ack = send(message);
		assertThat(ack.code()).as(ack.text()).isEqualTo("AA");
		ImagingStudy study = one(ImagingStudy.class, HubSystems.DICOM_UID, "urn:oid:" + uid);
		assertThat(study.getEndpoint()).hasSize(1);
		DiagnosticReport report = one(DiagnosticReport.class, HubSystems.unitIdentifierSystem("WSY01", "filler-order"), filler);
		assertThat(report.getConclusion()).isEqualTo("两肺未见异常");
	}

	@Test
	void ecgReportKeepsMeasurementsInterpretationAndThePdf() {
		String filler = unique("F");
		byte[] pdf = ("%PDF-1.4\n心电图 " + filler).getBytes(StandardCharsets.UTF_8);
		MllpClient.Ack ack = send(FeedMessages.ecgReport(unique("C"), unique("M"), filler,
				Base64.getEncoder().encodeToString(pdf)));
		assertThat(ack.code()).as(ack.text()).isEqualTo("AA");
		DiagnosticReport report = one(DiagnosticReport.class, HubSystems.unitIdentifierSystem("XRMYY", "filler-order"), filler);
		assertThat(report.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("EC");
		assertThat(report.getConclusion()).isEqualTo("窦性心律；QTc间期延长");
		assertThat(report.getPresentedFormFirstRep().getContentType()).isEqualTo("application/pdf");
		assertThat(report.getPresentedFormFirstRep().getData()).isEqualTo(pdf);
		assertThat(report.getResult()).hasSize(3);
		Observation heartRate = observation(filler, "HR");
		assertThat(coding(heartRate.getCode(), HubSystems.LOINC).getCode()).isEqualTo("8867-4");
		assertThat(heartRate.getValueQuantity().getCode()).isEqualTo("/min");
		assertThat(heartRate.getValueQuantity().getUnit()).isEqualTo("次/分");
		// the guide's procedure category, and vital-signs, which base R4 requires of every heart rate
		assertThat(heartRate.getCategory()).extracting(c -> c.getCodingFirstRep().getCode())
				.containsExactly("procedure", "vital-signs");
		Observation qtc = observation(filler, "QTC");
		assertThat(qtc.getReferenceRangeFirstRep().getHigh().getValue()).isEqualByComparingTo("450");
		assertThat(qtc.getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("H");
	}

	@Test
	void mergeRetiresThePriorRecordAndLinksItFromTheSurvivor() {
		String oldMrn = unique("M");
		String newMrn = unique("M");
		String card = idCard();
		assertThat(send(adt("A04", "XRMYY", unique("C"), oldMrn, card, "刘^备", unique("V"), "UNICODE UTF-8")).code())
				.isEqualTo("AA");
		assertThat(send(adt("A04", "XRMYY", unique("C"), newMrn, card, "刘^备", unique("V"), "UNICODE UTF-8")).code())
				.isEqualTo("AA");
		MllpClient.Ack merge = send(merge(unique("C"), newMrn, oldMrn, card));
		assertThat(merge.code()).as(merge.text()).isEqualTo("AA");

		Patient retired = patientByMrn("XRMYY", oldMrn);
		Patient survivor = patientByMrn("XRMYY", newMrn);
		assertThat(retired.getActive()).isFalse();
		assertThat(retired.getNameFirstRep().getText()).isEqualTo("刘备");
		assertThat(retired.getLinkFirstRep().getType()).isEqualTo(Patient.LinkType.REPLACEDBY);
		assertThat(retired.getLinkFirstRep().getOther().getIdentifier().getValue()).isEqualTo(newMrn);
		assertThat(survivor.getActive()).isTrue();
		assertThat(survivor.getLinkFirstRep().getType()).isEqualTo(Patient.LinkType.REPLACES);
		assertThat(survivor.getLinkFirstRep().getOther().getReference()).isEqualTo(idOf(retired));
	}

	@Test
	void failedMessageIsKeptAndAReplayAfterTheFixIsAccepted() throws Exception {
		String oldMrn = unique("M");
		String newMrn = unique("M");
		String card = idCard();
		String control = unique("C");
		assertThat(send(adt("A04", "XRMYY", unique("C"), newMrn, card, "关^羽", unique("V"), "UNICODE UTF-8")).code())
				.isEqualTo("AA");
		MllpClient.Ack failed = send(merge(control, newMrn, oldMrn, card));
		assertThat(failed.code()).as(failed.text()).isEqualTo("AE");
		assertThat(failed.reason()).startsWith("HUB-2005: ");

		String failedList = http("GET", "/admin/feeds/messages?status=FAILED&limit=1000");
		assertThat(failedList).contains("\"controlId\":\"" + control + "\"");
		long id = journalId(failedList, control);

		// the fix: the prior record arrives; the operator replays the merge
		assertThat(send(adt("A04", "XRMYY", unique("C"), oldMrn, card, "关^羽", unique("V"), "UNICODE UTF-8")).code())
				.isEqualTo("AA");
		assertThat(http("POST", "/admin/feeds/messages/" + id + "/replay")).contains("\"ackCode\":\"AA\"");
		assertThat(http("GET", "/admin/feeds/messages/" + id)).contains("\"status\":\"PROCESSED\"");
		assertThat(patientByMrn("XRMYY", oldMrn).getActive()).isFalse();
		assertThat(http("GET", "/admin/feeds/messages?status=FAILED&limit=1000")).doesNotContain("\"controlId\":\"" + control + "\"");
	}

	@Test
	void aResultTheGuideRefusesIsAnsweredAeWithTheReasonAndNothingOfTheMessageIsStored() throws Exception {
		String control = unique("C");
		String mrn = unique("M");
		String filler = unique("F");
		// an LIS that lost the times: no OBR-7, no OBX-14, so no result has its time (hub-lab-1); the report's time
		// comes from OBR-22. The Patient is new and conforms; it must not stay behind either.
		StringBuilder message = new StringBuilder(
				FeedMessages.msh("LIS", "XRMYY", "ORU^R01^ORU_R01", control, "2.5.1", "UNICODE UTF-8")
						+ "PID|1||" + mrn + "^^^XRMYY^MR||赵^敏||19820304|F\r"
						+ "OBR|1|P" + filler + "|" + filler + "|CBC^血常规^L||||||||||||||||||20250301113000||LAB|F\r");
		for (int i = 1; i <= 8; i++) {
			message.append("OBX|").append(i).append("|NM|HGB^血红蛋白^L||13").append(i).append("|g/L|130-175|N|||F\r");
		}
		MllpClient.Ack ack = send(message.toString());

		assertThat(ack.code()).as(ack.text()).isEqualTo("AE");
		assertThat(ack.reason()).startsWith("HUB-2005: the FHIR store rejected the message: HUB-1101: ");
		assertThat(ack.err()).as(ack.text()).contains("hub-lab-1");
		assertThat(patientsByMrn("XRMYY", mrn)).isEmpty();
		assertThat(client.search().forResource(DiagnosticReport.class)
				.where(new ca.uhn.fhir.rest.gclient.TokenClientParam("identifier").exactly()
						.systemAndIdentifier(HubSystems.unitIdentifierSystem("XRMYY", "filler-order"), filler))
				.returnBundle(Bundle.class).execute().getEntry()).isEmpty();
		assertThat(http("GET", "/admin/feeds/messages?status=FAILED&limit=1000")).contains("\"controlId\":\"" + control + "\"");
	}

	@Test
	void unknownUnitIsAnsweredAeAndKept() throws Exception {
		String control = unique("C");
		MllpClient.Ack ack = send(adt("A04", "NOSUCH", control, unique("M"), idCard(), "X^Y", "", "UNICODE UTF-8"));
		assertThat(ack.code()).isEqualTo("AE");
		assertThat(ack.reason()).startsWith("HUB-2003: ");
		assertThat(ack.err()).contains("204^Unknown key identifier^HL70357");
		assertThat(http("GET", "/admin/feeds/messages?status=FAILED&limit=1000")).contains(control);
	}

	@Test
	void unreadableAndUnsupportedMessagesAreAnsweredAr() {
		assertThat(send("this is not HL7").code()).isEqualTo("AR");
		MllpClient.Ack unsupported = send(FeedMessages.msh("HIS", "XRMYY", "SIU^S12", unique("C"), "2.5", "")
				+ "SCH|1\r");
		assertThat(unsupported.code()).isEqualTo("AR");
		assertThat(unsupported.reason()).startsWith("HUB-2002: ");
		MllpClient.Ack badCharset = send(adt("A04", "XRMYY", unique("C"), unique("M"), idCard(), "张^三", "", "UNICODE UTF-8"),
				GB18030);
		assertThat(badCharset.code()).isEqualTo("AR");
		assertThat(badCharset.reason()).startsWith("HUB-2007: ");
		MllpClient.Ack noPatientNumber = send(FeedMessages.msh("HIS", "XRMYY", "ADT^A04", unique("C"), "2.5", "UNICODE UTF-8")
				+ "PID|1||" + idCard() + "^^^CHN^NNCHN||张^三\r");
		assertThat(noPatientNumber.code()).isEqualTo("AE");
		assertThat(noPatientNumber.reason()).startsWith("HUB-2010: ");
	}

	/** Issue 20's hostile corpus: a PID-3 of thousands of repetitions cost seconds each and drew every such patient. */
	@Test
	void aPatientWithMoreThanTwentyIdentifiersIsRefusedAndTwentyAreStored() {
		String twenty = unique("M");
		MllpClient.Ack stored = send(adt("A04", "XRMYY", unique("C"), twenty + morePatientNumbers(twenty, 18), idCard(),
				"钱^多", "", "UNICODE UTF-8"));
		assertThat(stored.code()).as(stored.text()).isEqualTo("AA");
		assertThat(patientByMrn("XRMYY", twenty).getIdentifier()).hasSize(20);

		String many = unique("M");
		MllpClient.Ack refused = send(adt("A04", "XRMYY", unique("C"), many + morePatientNumbers(many, 20), idCard(),
				"钱^多", "", "UNICODE UTF-8"));
		assertThat(refused.code()).isEqualTo("AE");
		assertThat(refused.reason()).startsWith("HUB-2024: ").contains("22");
		assertThat(patientsByMrn("XRMYY", many)).isEmpty();
	}

	/** {@code count} more PID-3 repetitions after the first, other numbers of the same unit. */
	private static String morePatientNumbers(String first, int count) {
		StringBuilder more = new StringBuilder();
		for (int k = 0; k < count; k++) {
			more.append("^^^XRMYY^MR~").append(first).append('-').append(k);
		}
		return more.toString();
	}

	@Test
	void eightConcurrentSendersLoseAndDoubleNothing() throws Exception {
		int senders = 8;
		int perSender = 6;
		String run = unique("R");
		ExecutorService pool = Executors.newFixedThreadPool(senders);
		try {
			List<Future<List<String>>> results = new ArrayList<>();
			for (int s = 0; s < senders; s++) {
				int sender = s;
				results.add(pool.submit(() -> {
					List<String> codes = new ArrayList<>();
					try (MllpClient mllp = new MllpClient(mllpPort())) {
						for (int i = 0; i < perSender; i++) {
							String filler = run + "-" + sender + "-" + i;
							String message = FeedMessages.labResult(filler, "M" + run + sender, "P" + filler, filler,
									"S" + filler, "F", "6." + i);
							codes.add(new String(mllp.send(message.getBytes(GB18030)), GB18030).contains("MSA|AA|")
									? "AA" : "NAK");
							// every second message is sent twice on purpose
							if (i % 2 == 0) {
								codes.add(new String(mllp.send(message.getBytes(GB18030)), GB18030).contains("MSA|AA|")
										? "AA" : "NAK");
							}
						}
					}
					return codes;
				}));
			}
			for (Future<List<String>> f : results) {
				assertThat(f.get()).containsOnly("AA");
			}
		} finally {
			pool.shutdownNow();
		}
		for (int s = 0; s < senders; s++) {
			assertThat(patientsByMrn("XRMYY", "M" + run + s)).hasSize(1);
			for (int i = 0; i < perSender; i++) {
				String filler = run + "-" + s + "-" + i;
				DiagnosticReport report = one(DiagnosticReport.class,
						HubSystems.unitIdentifierSystem("XRMYY", "filler-order"), filler);
				assertThat(report.getResult()).hasSize(11);
			}
		}
	}

	@Test
	void healthIsUpWithTheDatabaseAndTheListener() throws Exception {
		// the details are the system admin's; a clinician, like a caller without a token, sees only UP or DOWN
		HttpResponse<String> detailed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
				URI.create(baseUrl() + "/actuator/health")).header("Authorization", bearerAs(Roles.SYSTEM_ADMIN)).build(),
				HttpResponse.BodyHandlers.ofString());
		String health = new com.fasterxml.jackson.databind.ObjectMapper().readTree(detailed.body()).toString();
		assertThat(health).contains("\"status\":\"UP\"");
		assertThat(health).contains("\"mllp\":{\"status\":\"UP\"");
		assertThat(health).contains("\"db\":{\"status\":\"UP\"");
		HttpResponse<String> asClinician = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
				URI.create(baseUrl() + "/actuator/health")).header("Authorization", bearer()).build(),
				HttpResponse.BodyHandlers.ofString());
		String plain = new com.fasterxml.jackson.databind.ObjectMapper().readTree(asClinician.body()).toString();
		assertThat(plain).contains("\"status\":\"UP\"").doesNotContain("mllp").doesNotContain("\"db\"");
	}

	// ---- helpers ----

	static String merge(String control, String survivorMrn, String retiredMrn, String card) {
		return FeedMessages.msh("HIS", "XRMYY", "ADT^A40^ADT_A39", control, "2.5.1", "UNICODE UTF-8")
				+ "EVN|A40|20250302080000\r"
				+ "PID|1||" + survivorMrn + "^^^XRMYY^MR~" + card + "^^^CHN^NNCHN||刘^备||19700101|M\r"
				+ "MRG|" + retiredMrn + "^^^XRMYY^MR\r";
	}

	MllpClient.Ack send(String message) {
		return send(message, StandardCharsets.UTF_8);
	}

	MllpClient.Ack send(String message, Charset charset) {
		try (MllpClient mllp = new MllpClient(mllpPort())) {
			return mllp.send(message, charset);
		}
	}

	String http(String method, String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
				.method(method, HttpRequest.BodyPublishers.noBody())
				.header("Authorization", path.startsWith("/admin/") ? bearerAs(Roles.OPERATOR) : bearer())
				.build();
		HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		String body = response.body().strip();
		// compact, whatever indentation the application's JSON settings choose, so the assertions match text
		return body.startsWith("{") || body.startsWith("[")
				? new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).toString()
				: body;
	}

	static long journalId(String json, String control) {
		int at = json.indexOf("\"controlId\":\"" + control + "\"");
		int idAt = json.lastIndexOf("\"id\":", at);
		return Long.parseLong(json.substring(idAt + 5, json.indexOf(',', idAt)).trim());
	}

	Observation observation(String filler, String item) {
		return one(Observation.class, HubSystems.unitIdentifierSystem("XRMYY", "observation"), filler + "/" + item);
	}

	<T extends Resource> T one(Class<T> type, String system, String value) {
		Bundle found = client.search().forResource(type)
				.where(new ca.uhn.fhir.rest.gclient.TokenClientParam("identifier").exactly().systemAndIdentifier(system, value))
				.returnBundle(Bundle.class).execute();
		assertThat(found.getEntry()).as(type.getSimpleName() + " " + value).hasSize(1);
		return type.cast(found.getEntryFirstRep().getResource());
	}

	List<Bundle.BundleEntryComponent> patientsByMrn(String unit, String mrn) {
		return client.search().forResource(Patient.class)
				.where(Patient.IDENTIFIER.exactly().systemAndIdentifier(HubSystems.unitIdentifierSystem(unit, "mrn"), mrn))
				.returnBundle(Bundle.class).execute().getEntry();
	}

	Patient patientByMrn(String unit, String mrn) {
		return one(Patient.class, HubSystems.unitIdentifierSystem(unit, "mrn"), mrn);
	}

	static Coding coding(CodeableConcept concept, String system) {
		return concept.getCoding().stream().filter(c -> system.equals(c.getSystem())).findFirst()
				.orElseThrow(() -> new AssertionError("no coding in " + system + " in " + concept.getCoding()));
	}

	static String idOf(Resource resource) {
		return resource.getIdElement().toUnqualifiedVersionless().getValue();
	}
}
