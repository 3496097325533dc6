package org.countyhub.server.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.countyhub.server.feeds.FeedMessages.idCard;
import static org.countyhub.server.feeds.FeedMessages.unique;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.support.HubServerTest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/**
 * Issue 5's first story through the public interfaces the units really use: the township's HIS sends the ID card
 * in PID-3 (identifier type), the lead hospital's HIS in PID-19 and its LIS a result, the TCM hospital registers
 * over FHIR REST. The history asked from any of the three records has the person's results from every unit, once.
 */
class PersonAcrossUnitsByFeedTest extends HubServerTest {

	private static final Charset GB18030 = Charset.forName("GB18030");

	@Test
	void sameIdCardFromPid3Pid19AndRestIsOnePersonWithOneHistory() {
		String card = idCard();
		String townshipMrn = unique("M");
		String leadMrn = unique("M");
		assertThat(send(FeedMessages.msh("HIS", "WSY01", "ADT^A04", unique("C"), "2.3", "UNICODE UTF-8")
						+ "PID|1||" + townshipMrn + "^^^WSY01^MR~" + card + "^^^^ID||陈^建国||19580303|M\r", StandardCharsets.UTF_8)
				.code()).isEqualTo("AA");
		assertThat(send(FeedMessages.msh("HIS", "XRMYY", "ADT^A04", unique("C"), "2.4", "UNICODE UTF-8")
						+ "PID|1||" + leadMrn + "^^^XRMYY^MR||陈^建国||19580303|M|||||||||||" + card + "\r", StandardCharsets.UTF_8)
				.code()).isEqualTo("AA");
		String filler = unique("F");
		MllpClient.Ack lab = send(FeedMessages.labResult(unique("C"), leadMrn, unique("P"), filler, unique("S"), "F", "6.1"),
				GB18030);
		assertThat(lab.code()).as(lab.text()).isEqualTo("AA");

		Patient atTcm = new Patient();
		atTcm.addIdentifier().setSystem(HubSystems.unitPatientNumber("XZYY")).setValue(unique("M"));
		atTcm.addIdentifier().setSystem(HubSystems.RESIDENT_ID_CARD).setValue(card);
		atTcm.addName().setText("陈建国").setFamily("陈").addGiven("建国");
		atTcm.setGender(Enumerations.AdministrativeGender.MALE);
		atTcm.setManagingOrganization(new Reference("Organization/XZYY"));
		String tcmId = client.create().resource(atTcm).execute().getId().toUnqualifiedVersionless().getValue();

		String township = patientByMrn("WSY01", townshipMrn);
		String lead = patientByMrn("XRMYY", leadMrn);
		String labReport = client.search().forResource(DiagnosticReport.class)
				.where(DiagnosticReport.IDENTIFIER.exactly()
						.systemAndIdentifier(HubSystems.unitIdentifierSystem("XRMYY", "filler-order"), filler))
				.returnBundle(Bundle.class).execute()
				.getEntryFirstRep().getResource().getIdElement().toUnqualifiedVersionless().getValue();

		for (String start : List.of(township, lead, tcmId)) {
			await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				Bundle history = client.operation().onInstance(new IdType(start)).named("$history-across-units")
						.withNoParameters(org.hl7.fhir.r4.model.Parameters.class)
						.returnResourceType(Bundle.class).execute();
				assertThat(history.getEntry())
						.extracting(e -> e.getResource().getIdElement().toUnqualifiedVersionless().getValue())
						.containsOnlyOnce(labReport);
			});
		}
	}

	private String patientByMrn(String unit, String mrn) {
		Bundle found = client.search().forResource(Patient.class)
				.where(Patient.IDENTIFIER.exactly().systemAndIdentifier(HubSystems.unitIdentifierSystem(unit, "mrn"), mrn))
				.returnBundle(Bundle.class).execute();
		assertThat(found.getEntry()).as("Patient %s at %s", mrn, unit).hasSize(1);
		return found.getEntryFirstRep().getResource().getIdElement().toUnqualifiedVersionless().getValue();
	}

	private MllpClient.Ack send(String message, Charset charset) {
		try (MllpClient mllp = new MllpClient(mllpPort())) {
			return mllp.send(message, charset);
		}
	}
}
