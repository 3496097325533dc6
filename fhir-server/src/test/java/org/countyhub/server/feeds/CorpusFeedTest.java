package org.countyhub.server.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.support.HubServerTest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Public messages from other projects (see {@code hl7v2/corpus/README.md}) sent as they are — HL7 2.3 to 2.8,
 * LF/CR separators, BOMs, Z-segments — with only MSH-4 and MSH-10 set for the demo county.
 */
class CorpusFeedTest extends HubServerTest {

	static Stream<Arguments> corpus() {
		return Stream.of(
				Arguments.of("ms-ADT-A01-02.hl7", "AA"),
				Arguments.of("ms-ADT04-251.hl7", "AA"),
				Arguments.of("ms-ADT01-23.hl7", "AA"),
				Arguments.of("ig-ADT_A01.hl7", "AA"),
				Arguments.of("rh-adt-a01-full.hl7", "AA"),
				Arguments.of("ti-MN-005_MN_ADT_A01.hl7", "AA"),
				Arguments.of("ms-LAB-ORM-1.hl7", "AA"),
				Arguments.of("ms-MDHHS-OML-O21-1.hl7", "AA"),
				Arguments.of("ig-ORM_O01.hl7", "AA"),
				Arguments.of("ig-OML_O21.hl7", "AA"),
				Arguments.of("ms-LAB-ORU-1.hl7", "AA"),
				Arguments.of("ms-LRI_2.0-NG_CBC_Typ_Message.hl7", "AA"),
				Arguments.of("ig-ORU_R01.hl7", "AA"),
				Arguments.of("rh-oru-r01-lab.hl7", "AA"),
				Arguments.of("ms-ORU-R01-RMGEAD.hl7", "AA"),
				Arguments.of("lfh-ORU-multiline-short.hl7", "AA"),
				// no PID segment: well formed, cannot be applied
				Arguments.of("rs-OBX-to-Observation-nm-value.hl7", "AE"),
				// merges a prior patient the hub never received
				Arguments.of("ms-ADT-A40-01.hl7", "AE"));
	}

	@ParameterizedTest(name = "{0} → {1}")
	@MethodSource("corpus")
	void corpusMessageIsAnswered(String file, String expected) throws IOException {
		MllpClient.Ack ack = send(file);
		assertThat(ack.code()).as(ack.text()).isEqualTo(expected);
	}

	@Test
	void labResultFromTheCorpusIsStoredFieldByField() throws IOException {
		assertThat(send("rh-oru-r01-lab.hl7").code()).isEqualTo("AA");
		Bundle reports = client.search().forResource(DiagnosticReport.class)
				.where(DiagnosticReport.IDENTIFIER.exactly()
						.systemAndIdentifier(HubSystems.unitIdentifierSystem("XZYY", "filler-order"), "LAB001"))
				.returnBundle(Bundle.class).execute();
		assertThat(reports.getEntry()).hasSize(1);
		DiagnosticReport report = (DiagnosticReport) reports.getEntryFirstRep().getResource();
		assertThat(report.getStatus()).isEqualTo(DiagnosticReport.DiagnosticReportStatus.FINAL);
		assertThat(report.getCode().getCodingFirstRep().getSystem()).isEqualTo(HubSystems.LOINC);
		assertThat(report.getResult()).hasSize(5);
		Bundle hgb = client.search().forResource(Observation.class)
				.where(Observation.IDENTIFIER.exactly()
						.systemAndIdentifier(HubSystems.unitIdentifierSystem("XZYY", "observation"), "LAB001/HGB"))
				.returnBundle(Bundle.class).execute();
		Observation observation = (Observation) hgb.getEntryFirstRep().getResource();
		assertThat(observation.getValueQuantity().getValue()).isEqualByComparingTo("14.2");
		assertThat(observation.getValueQuantity().getCode()).isEqualTo("g/dL");
		assertThat(observation.getReferenceRangeFirstRep().getLow().getValue()).isEqualByComparingTo("12.0");
		assertThat(observation.getReferenceRangeFirstRep().getHigh().getValue()).isEqualByComparingTo("16.0");
		assertThat(observation.getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("N");
		Patient patient = client.read().resource(Patient.class).withId(report.getSubject().getReferenceElement()).execute();
		assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("SMITH");
		assertThat(patient.getBirthDateElement().getValueAsString()).isEqualTo("1990-12-15");
	}

	private MllpClient.Ack send(String file) throws IOException {
		byte[] raw;
		try (InputStream in = getClass().getResourceAsStream("/hl7v2/corpus/" + file)) {
			raw = in.readAllBytes();
		}
		byte[] message = forDemoCounty(raw, FeedMessages.unique("CORPUS"));
		try (MllpClient mllp = new MllpClient(mllpPort())) {
			return new MllpClient.Ack(new String(mllp.send(message), StandardCharsets.UTF_8));
		}
	}

	/** Sets MSH-4 and MSH-10 in the first segment, leaving every other byte as it was. */
	static byte[] forDemoCounty(byte[] raw, String controlId) {
		String text = new String(raw, StandardCharsets.ISO_8859_1);
		int start = text.indexOf("MSH");
		int end = start;
		while (end < text.length() && text.charAt(end) != '\r' && text.charAt(end) != '\n') {
			end++;
		}
		String sep = String.valueOf(text.charAt(start + 3));
		String[] fields = text.substring(start, end).split(java.util.regex.Pattern.quote(sep), -1);
		fields[3] = "XZYY";
		fields[9] = controlId;
		String msh = String.join(sep, Arrays.asList(fields));
		return (text.substring(0, start) + msh + text.substring(end)).getBytes(StandardCharsets.ISO_8859_1);
	}
}
