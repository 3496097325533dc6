package org.countyhub.server.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.countyhub.server.feeds.FeedMessages.idCard;
import static org.countyhub.server.feeds.FeedMessages.unique;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.gclient.TokenClientParam;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.countyhub.feeds.intake.FeedReplay;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContext;

/**
 * Issue 19's story, run on each database (see the implementing classes): a county hospital's real sequence of
 * HL7 v2 messages keeps what a message does not mention. Registration with ID card, address and phone; an update
 * with only a new phone; a merge whose PID carries only the surviving number and the name; the original
 * registration re-delivered; other content under its control id; a late update; an explicit {@code ""}; the
 * operator's replay.
 */
interface FeedUpdateRulesSuite {

	Charset GB18030 = Charset.forName("GB18030");

	IGenericClient client();

	int mllpPort();

	ApplicationContext context();

	@Test
	default void aSparseUpdateAndMergeKeepWhatTheyDoNotMentionAndOldOrRepeatedMessagesRollNothingBack() {
		String card = idCard();
		String mrn = unique("M");
		String duplicateMrn = unique("M");
		String townshipMrn = unique("M");
		String registration = unique("C");

		// registration at the county hospital, GB18030 as its HIS sends it
		String a04 = msh("XRMYY", "ADT^A04^ADT_A01", registration, "20250301080000", "GB 18030-2000")
				+ "EVN|A04|20250301080000\r"
				+ "PID|1||" + mrn + "^^^XRMYY^MR||欧阳^娜娜||19800115|F|||城关镇解放路12号^^示范县^浙江省^311100^CHN^H"
				+ "||13800138000^PRN^PH||||||" + card + "\r";
		assertAck(send(a04, GB18030), "AA");
		// the same person at the township, and a result at the county hospital
		assertAck(send(msh("WSY01", "ADT^A04^ADT_A01", unique("C"), "20250301090000", "UNICODE UTF-8")
				+ "PID|1||" + townshipMrn + "^^^WSY01^MR~" + card + "^^^^ID||欧阳^娜娜||19800115|F\r", StandardCharsets.UTF_8), "AA");
		String filler = unique("F");
		assertAck(send(FeedMessages.labResult(unique("C"), mrn, unique("P"), filler, unique("S"), "F", "6.1"), GB18030), "AA");
		String labReport = reportId(filler);

		// an update that carries only a new phone
		assertAck(send(msh("XRMYY", "ADT^A08^ADT_A01", unique("C"), "20250302080000", "UNICODE UTF-8")
				+ "EVN|A08|20250302080000\r"
				+ "PID|1||" + mrn + "^^^XRMYY^MR||欧阳^娜娜||||||||13900139000^PRN^PH\r", StandardCharsets.UTF_8), "AA");
		Patient updated = patient("XRMYY", mrn);
		assertThat(phones(updated)).containsExactly("13900139000");
		assertThat(idCards(updated)).containsExactly(card);
		assertThat(updated.getAddressFirstRep().getLine()).extracting(Object::toString).containsExactly("城关镇解放路12号");
		assertThat(updated.getGender().toCode()).isEqualTo("female");

		// a duplicate registration, merged by an A40 whose PID has only the surviving number and the name
		assertAck(send(msh("XRMYY", "ADT^A04^ADT_A01", unique("C"), "20250302090000", "UNICODE UTF-8")
				+ "PID|1||" + duplicateMrn + "^^^XRMYY^MR||欧阳^娜娜\r", StandardCharsets.UTF_8), "AA");
		String merge = msh("XRMYY", "ADT^A40^ADT_A39", unique("C"), "20250302100000", "UNICODE UTF-8")
				+ "EVN|A40|20250302100000\r"
				+ "PID|1||" + mrn + "^^^XRMYY^MR||欧阳^娜娜\r"
				+ "MRG|" + duplicateMrn + "^^^XRMYY^MR\r";
		assertAck(send(merge, StandardCharsets.UTF_8), "AA");
		Patient survivor = patient("XRMYY", mrn);
		assertThat(idCards(survivor)).containsExactly(card);
		assertThat(phones(survivor)).containsExactly("13900139000");
		assertThat(survivor.getAddressFirstRep().getLine()).extracting(Object::toString).containsExactly("城关镇解放路12号");
		assertThat(survivor.getBirthDateElement().getValueAsString()).isEqualTo("1980-01-15");
		assertThat(survivor.getLink()).singleElement().satisfies(link -> assertThat(link.getType())
				.isEqualTo(Patient.LinkType.REPLACES));
		Patient retired = patient("XRMYY", duplicateMrn);
		assertThat(retired.getActive()).isFalse();
		assertThat(retired.getLinkFirstRep().getType()).isEqualTo(Patient.LinkType.REPLACEDBY);

		// still one person: the township's record and the survivor both see the county hospital's result
		String township = patient("WSY01", townshipMrn).getIdElement().toUnqualifiedVersionless().getValue();
		String survivorId = survivor.getIdElement().toUnqualifiedVersionless().getValue();
		for (String start : List.of(township, survivorId)) {
			await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
					assertThat(historyIds(start)).contains(labReport));
		}

		// the survivor carries the retired number as a former one; that number still names only the retired record
		assertThat(survivor.getIdentifier()).filteredOn(id -> duplicateMrn.equals(id.getValue())).singleElement()
				.satisfies(id -> {
					assertThat(id.getSystem()).isEqualTo(HubSystems.unitIdentifierSystem("XRMYY", "mrn"));
					assertThat(id.getUse()).isEqualTo(Identifier.IdentifierUse.OLD);
				});
		assertThat(client().search().forResource(Patient.class)
				.where(new TokenClientParam("old-identifier").exactly()
						.systemAndIdentifier(HubSystems.unitIdentifierSystem("XRMYY", "mrn"), duplicateMrn))
				.returnBundle(Bundle.class).execute().getEntry())
				.extracting(e -> e.getResource().getIdElement().toUnqualifiedVersionless().getValue())
				.containsExactly(survivorId);
		// a late result that still carries the old number lands on the retired record, found from the survivor
		String lateFiller = unique("F");
		assertAck(send(FeedMessages.labResult(unique("C"), duplicateMrn, unique("P"), lateFiller, unique("S"), "F", "5.2")
				.replace("王^小明||19750505|M", "欧阳^娜娜||19800115|F"), GB18030), "AA");
		assertThat(report(lateFiller).getSubject().getReference())
				.isEqualTo(retired.getIdElement().toUnqualifiedVersionless().getValue());
		String lateReport = reportId(lateFiller);
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
				assertThat(historyIds(survivorId)).contains(lateReport));

		// the original registration re-delivered (a sender retrying after a lost ACK): AA, nothing changes
		String version = survivor.getMeta().getVersionId();
		assertAck(send(a04, GB18030), "AA");
		assertThat(patient("XRMYY", mrn).getMeta().getVersionId()).isEqualTo(version);
		assertThat(phones(patient("XRMYY", mrn))).containsExactly("13900139000");

		// other content under the same control id: AE with the reason, kept, not applied
		String otherContent = msh("XRMYY", "ADT^A04^ADT_A01", registration, "20250303080000", "UNICODE UTF-8")
				+ "EVN|A04|20250303080000\r"
				+ "PID|1||" + mrn + "^^^XRMYY^MR||欧阳^娜娜||||||新城区人民路8号^^示范县^浙江省^311100^CHN^H\r";
		MllpClient.Ack conflict = send(otherContent, StandardCharsets.UTF_8);
		assertAck(conflict, "AE");
		assertThat(conflict.reason()).startsWith("HUB-2100: kept as journal entry ");
		assertThat(conflict.err()).contains(registration);
		assertThat(patient("XRMYY", mrn).getMeta().getVersionId()).isEqualTo(version);

		// a late update (made before the merge) does not overwrite the newer phone; it adds what the record lacks
		assertAck(send(msh("XRMYY", "ADT^A08^ADT_A01", unique("C"), "20250301120000", "UNICODE UTF-8")
				+ "EVN|A08|20250301120000\r"
				+ "PID|1||" + mrn + "^^^XRMYY^MR||欧阳^娜娜||||||||13700137000^PRN^PH|||M\r", StandardCharsets.UTF_8), "AA");
		Patient afterLate = patient("XRMYY", mrn);
		assertThat(phones(afterLate)).containsExactly("13900139000");
		assertThat(afterLate.getMaritalStatus().getCodingFirstRep().getCode()).isEqualTo("M");

		// "" deletes: the address goes, everything else stays
		assertAck(send(msh("XRMYY", "ADT^A08^ADT_A01", unique("C"), "20250303090000", "UNICODE UTF-8")
				+ "EVN|A08|20250303090000\r"
				+ "PID|1||" + mrn + "^^^XRMYY^MR||欧阳^娜娜||||||\"\"\r", StandardCharsets.UTF_8), "AA");
		Patient erased = patient("XRMYY", mrn);
		assertThat(erased.getAddress()).isEmpty();
		assertThat(idCards(erased)).containsExactly(card);
		assertThat(phones(erased)).containsExactly("13900139000");

		// the operator replays the kept message deliberately: it is applied
		long kept = journalEntry(conflict.reason());
		assertThat(context().getBean(FeedReplay.class).replay(kept)).hasValueSatisfying(outcome ->
				assertThat(outcome.ackCode()).isEqualTo("AA"));
		assertThat(patient("XRMYY", mrn).getAddressFirstRep().getLine()).extracting(Object::toString)
				.containsExactly("新城区人民路8号");
	}

	@Test
	default void aCancelWithOnlyItsOrcAndACorrectionOfOneResultKeepTheOrderAndTheReportsOtherResults() {
		String mrn = unique("M");
		String placer = unique("P");
		String accession = unique("A");
		// a township's CT order, then its cancel as many HIS send it: the ORC alone
		assertAck(send(msh("WSY01", "ORM^O01^ORM_O01", unique("C"), "20250301080000", "UNICODE UTF-8")
				+ "PID|1||" + mrn + "^^^WSY01^MR||欧阳^娜娜||19800115|F\r"
				+ "ORC|NW|" + placer + "|||||||20250301080000|||2001^李^医生\r"
				+ "OBR|1|" + placer + "||CT-CHEST^胸部CT平扫^L||||||||||||||" + accession + "||||||CT\r"
				+ "NTE|1||咳嗽两周\r", StandardCharsets.UTF_8), "AA");
		assertAck(send(msh("WSY01", "ORM^O01^ORM_O01", unique("C"), "20250301090000", "UNICODE UTF-8")
				+ "PID|1||" + mrn + "^^^WSY01^MR\r"
				+ "ORC|CA|" + placer + "\r", StandardCharsets.UTF_8), "AA");
		ServiceRequest cancelled = order(placer);
		assertThat(cancelled.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.REVOKED);
		assertThat(cancelled.getCode().getCoding()).extracting(c -> c.getCode()).contains("CT-CHEST");
		assertThat(cancelled.getOrderDetailFirstRep().getCodingFirstRep().getCode()).isEqualTo("CT");
		assertThat(cancelled.getIdentifier()).extracting(i -> i.getValue()).contains(placer, accession);
		assertThat(cancelled.getRequester().getDisplay()).isEqualTo("李医生");
		assertThat(cancelled.getNoteFirstRep().getText()).isEqualTo("咳嗽两周");

		// the county lab's report, then a correction that re-sends only the changed white cell count
		String labMrn = unique("M");
		String filler = unique("F");
		assertAck(send(FeedMessages.labResult(unique("C"), labMrn, unique("P"), filler, unique("S"), "F", "11.2"), GB18030), "AA");
		DiagnosticReport reported = report(filler);
		int results = reported.getResult().size();
		assertThat(results).isGreaterThan(5);
		String correctionId = unique("C");
		String correction = "MSH|^~\\&|LIS|XRMYY|COUNTYHUB|SFXYGT|20250301140000||ORU^R01^ORU_R01|" + correctionId
				+ "|P|2.5.1||||||UNICODE UTF-8\r"
				+ "PID|1||" + labMrn + "^^^XRMYY^MR\r"
				+ "ORC|RE||" + filler + "\r"
				+ "OBR|1||" + filler + "|CBC^血常规^L|||20250301083000|||||||||||||||20250301135000||LAB|C\r"
				+ "OBX|1|NM|WBC^白细胞计数^L||9.2|10\\S\\9/L|3.5-9.5|N|||C|||20250301100000\r";
		assertAck(send(correction, StandardCharsets.UTF_8), "AA");
		DiagnosticReport corrected = report(filler);
		assertThat(corrected.getStatus()).isEqualTo(DiagnosticReport.DiagnosticReportStatus.CORRECTED);
		assertThat(corrected.getResult()).hasSize(results);
		assertThat(corrected.getConclusion()).isEqualTo(reported.getConclusion());
		Observation wbc = client().read().resource(Observation.class).withId(corrected.getResult().stream()
				.filter(r -> r.getIdentifier().getValue().endsWith("/WBC")).findFirst().orElseThrow().getReference()).execute();
		assertThat(wbc.getValueQuantity().getValue()).isEqualByComparingTo("9.2");
		assertThat(wbc.getStatus()).isEqualTo(Observation.ObservationStatus.CORRECTED);

		// a preliminary copy made before the correction arrives late: the report stays corrected
		assertAck(send(correction.replace(correctionId, unique("C")).replace("20250301140000", "20250301110000")
				.replace("|LAB|C", "|LAB|P"),
				StandardCharsets.UTF_8), "AA");
		assertThat(report(filler).getStatus()).isEqualTo(DiagnosticReport.DiagnosticReportStatus.CORRECTED);
	}

	@Test
	default void twentyCopiesOfOneMessageFromFourConnectionsAreAllAcceptedAndStoredOnce() throws Exception {
		String mrn = unique("M");
		String message = msh("XRMYY", "ADT^A04^ADT_A01", unique("C"), "20250301080000", "UNICODE UTF-8")
				+ "PID|1||" + mrn + "^^^XRMYY^MR||司马^相如||19700101|M|||||||||||" + idCard() + "\r";
		ExecutorService senders = Executors.newFixedThreadPool(4);
		try {
			List<Future<List<String>>> results = new ArrayList<>();
			for (int c = 0; c < 4; c++) {
				results.add(senders.submit(() -> {
					List<String> codes = new ArrayList<>();
					try (MllpClient mllp = new MllpClient(mllpPort())) {
						for (int i = 0; i < 5; i++) {
							codes.add(mllp.send(message, StandardCharsets.UTF_8).code());
						}
					}
					return codes;
				}));
			}
			for (Future<List<String>> r : results) {
				assertThat(r.get()).containsOnly("AA");
			}
		} finally {
			senders.shutdownNow();
		}
		Bundle found = client().search().forResource(Patient.class)
				.where(Patient.IDENTIFIER.exactly().systemAndIdentifier(HubSystems.unitIdentifierSystem("XRMYY", "mrn"), mrn))
				.returnBundle(Bundle.class).execute();
		assertThat(found.getEntry()).hasSize(1);
		assertThat(found.getEntryFirstRep().getResource().getMeta().getVersionId()).isEqualTo("1");
	}

	private static String msh(String unit, String type, String control, String time, String charset) {
		return "MSH|^~\\&|HIS|" + unit + "|COUNTYHUB|SFXYGT|" + time + "||" + type + "|" + control + "|P|2.4||||||"
				+ charset + "\r";
	}

	private MllpClient.Ack send(String message, Charset charset) {
		try (MllpClient mllp = new MllpClient(mllpPort())) {
			return mllp.send(message, charset);
		}
	}

	private static void assertAck(MllpClient.Ack ack, String code) {
		assertThat(ack.code()).as(ack.text()).isEqualTo(code);
	}

	private Patient patient(String unit, String mrn) {
		Bundle found = client().search().forResource(Patient.class)
				.where(Patient.IDENTIFIER.exactly().systemAndIdentifier(HubSystems.unitIdentifierSystem(unit, "mrn"), mrn))
				.returnBundle(Bundle.class).execute();
		assertThat(found.getEntry()).as("Patient %s at %s", mrn, unit).hasSize(1);
		return (Patient) found.getEntryFirstRep().getResource();
	}

	private ServiceRequest order(String placer) {
		Bundle found = client().search().forResource(ServiceRequest.class)
				.where(ServiceRequest.IDENTIFIER.exactly()
						.systemAndIdentifier(HubSystems.unitIdentifierSystem("WSY01", "placer-order"), placer))
				.returnBundle(Bundle.class).execute();
		assertThat(found.getEntry()).hasSize(1);
		return (ServiceRequest) found.getEntryFirstRep().getResource();
	}

	private DiagnosticReport report(String filler) {
		Bundle found = client().search().forResource(DiagnosticReport.class)
				.where(DiagnosticReport.IDENTIFIER.exactly()
						.systemAndIdentifier(HubSystems.unitIdentifierSystem("XRMYY", "filler-order"), filler))
				.returnBundle(Bundle.class).execute();
		assertThat(found.getEntry()).hasSize(1);
		return (DiagnosticReport) found.getEntryFirstRep().getResource();
	}

	private String reportId(String filler) {
		return client().search().forResource(DiagnosticReport.class)
				.where(DiagnosticReport.IDENTIFIER.exactly()
						.systemAndIdentifier(HubSystems.unitIdentifierSystem("XRMYY", "filler-order"), filler))
				.returnBundle(Bundle.class).execute()
				.getEntryFirstRep().getResource().getIdElement().toUnqualifiedVersionless().getValue();
	}

	private List<String> historyIds(String patient) {
		Bundle history = client().operation().onInstance(new IdType(patient)).named("$history-across-units")
				.withNoParameters(Parameters.class).returnResourceType(Bundle.class).execute();
		return history.getEntry().stream()
				.map(e -> e.getResource().getIdElement().toUnqualifiedVersionless().getValue())
				.toList();
	}

	private static List<String> phones(Patient patient) {
		return patient.getTelecom().stream()
				.filter(t -> t.getSystem() == ContactPoint.ContactPointSystem.PHONE)
				.map(ContactPoint::getValue)
				.toList();
	}

	private static List<String> idCards(Patient patient) {
		return patient.getIdentifier().stream()
				.filter(i -> HubSystems.RESIDENT_ID_CARD.equals(i.getSystem()))
				.map(i -> i.getValue())
				.toList();
	}

	private static long journalEntry(String reason) {
		Matcher m = Pattern.compile("journal entry (\\d+)").matcher(reason);
		assertThat(m.find()).as(reason).isTrue();
		return Long.parseLong(m.group(1));
	}
}
