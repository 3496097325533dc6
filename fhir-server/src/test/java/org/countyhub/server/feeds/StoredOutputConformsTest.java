package org.countyhub.server.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.support.HubServerTest;
import org.countyhub.server.support.OfficialValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;

/**
 * What the feeds store, judged by the HL7 validator outside the hub: HAPI's {@code FhirInstanceValidator} (the HL7
 * {@code org.hl7.fhir.validation} InstanceValidator) offline, on the R4 core definitions HAPI ships and the
 * guide's package from the class path ({@link OfficialValidator}), with no view of the hub's database or its rules.
 * A message of each feed kind goes over MLLP (the registration with two diagnoses and an allergy); every resource it
 * stored (found by its {@code _source}) must have no error; findings in {@code target/conformance/feed-output.txt}.
 */
class StoredOutputConformsTest extends HubServerTest {

	private static final List<String> TYPES = List.of("Patient", "Encounter", "DiagnosticReport", "Observation",
			"Specimen", "ImagingStudy", "Endpoint", "ServiceRequest", "Condition", "AllergyIntolerance");

	@Test
	void everyResourceAMessageOfEachFeedStoredPassesTheHl7Validator() throws IOException {
		List<String> sources = new ArrayList<>();
		String pdf = Base64.getEncoder().encodeToString("%PDF-1.4\n心电图".getBytes(StandardCharsets.UTF_8));
		String mrn = FeedMessages.unique("M");
		sources.add(sent("XRMYY", FeedMessages.adt("A04", "XRMYY", FeedMessages.unique("C"), mrn,
				FeedMessages.idCard(), "李^四", FeedMessages.unique("V"), "UNICODE UTF-8")
				+ FeedMessages.diagnosesAndAllergy()));
		sources.add(sent("XRMYY", FeedMessages.order(FeedMessages.unique("C"), "XRMYY", mrn,
				FeedMessages.unique("P"), "NW")));
		sources.add(sent("XRMYY", FeedMessages.labResult(FeedMessages.unique("C"), mrn, FeedMessages.unique("P"),
				FeedMessages.unique("F"), FeedMessages.unique("S"), "F", "11.2")));
		sources.add(sent("XRMYY", FeedMessages.imagingReport(FeedMessages.unique("C"), mrn, FeedMessages.unique("P"),
				FeedMessages.unique("F"), "1.2.156.999." + System.nanoTime())));
		sources.add(sent("XRMYY", FeedMessages.ecgReport(FeedMessages.unique("C"), mrn, FeedMessages.unique("F"), pdf)));

		List<IBaseResource> stored = new ArrayList<>();
		sources.forEach(source -> stored.addAll(storedFrom(source)));
		OfficialValidator.Verdict verdict = new OfficialValidator().judge(stored, "feed-output");
		assertThat(verdict.judged()).isGreaterThan(18);
		assertThat(verdict.errors()).isEmpty();
	}

	/** The message's source URL (unit and control id, as the feeds stamp meta.source), once it is ACKed AA. */
	private String sent(String unit, String message) {
		// sent in the character set its MSH-18 names
		Charset charset = message.split("\r")[0].contains("GB 18030") ? Charset.forName("GB18030") : StandardCharsets.UTF_8;
		MllpClient.Ack ack;
		try (MllpClient mllp = new MllpClient(mllpPort())) {
			ack = mllp.send(message, charset);
		}
		assertThat(ack.code()).as(ack.text()).isEqualTo("AA");
		String controlId = message.split("\r")[0].split("\\|")[9];
		return HubSystems.FEED_SOURCE + unit + "/" + controlId;
	}

	private List<IBaseResource> storedFrom(String source) {
		List<IBaseResource> found = new ArrayList<>();
		for (String type : TYPES) {
			Bundle page = client.search().byUrl(type + "?_source=" + source + "&_count=200")
					.returnBundle(Bundle.class).execute();
			page.getEntry().forEach(e -> found.add(e.getResource()));
		}
		return found;
	}
}
