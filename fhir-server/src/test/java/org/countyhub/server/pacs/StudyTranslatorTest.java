package org.countyhub.server.pacs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.junit.jupiter.api.Test;

class StudyTranslatorTest {

	private final ObjectMapper json = new ObjectMapper();
	private final StudyTranslator translator = new StudyTranslator(
			Map.of("CHEST", new StudyTranslator.BodySite("51185008", "Thoracic structure")));

	@Test
	void qidoStudyWithItsSeriesBecomesAnImagingStudyPointingAtTheUnitsEndpoint() throws IOException {
		JsonNode study = read("dwc-search_for_studies.json").get(0);
		String studyUid = study.path("0020000D").path("Value").get(0).asText();
		List<JsonNode> series = new ArrayList<>();
		read("dwc-search_for_series.json").forEach(s -> {
			if (s.path("0020000D").path("Value").get(0).asText().equals(studyUid)) {
				series.add(s);
			}
		});

		ImagingStudy result = translator.translate(study, series, "WSY01", "Endpoint/WSY01-dicomweb");

		assertThat(result.getIdentifierFirstRep().getSystem()).isEqualTo(HubSystems.DICOM_UID);
		assertThat(result.getIdentifierFirstRep().getValue()).isEqualTo("urn:oid:" + studyUid);
		assertThat(result.getModalityFirstRep().getCode()).isEqualTo("SM");
		assertThat(result.getModalityFirstRep().getSystem()).isEqualTo(HubSystems.DICOM_DCM);
		assertThat(result.getNumberOfSeries()).isEqualTo(1);
		assertThat(result.getNumberOfInstances()).isEqualTo(1);
		assertThat(result.getSeriesFirstRep().getNumberOfInstances()).isEqualTo(1);
		assertThat(result.getEndpointFirstRep().getReference()).isEqualTo("Endpoint/WSY01-dicomweb");
		assertThat(result.getMeta().getProfile().get(0).getValue()).isEqualTo(HubSystems.IMAGING_STUDY_PROFILE);
	}

	@Test
	void studyDateAndTimeAreBeijingTimeAndBodyPartMapsToSnomed() throws IOException {
		JsonNode study = json.readTree("""
				{"0020000D": {"vr": "UI", "Value": ["1.2.3"]},
				 "00080020": {"vr": "DA", "Value": ["20261120"]},
				 "00080030": {"vr": "TM", "Value": ["093000.123"]},
				 "00080050": {"vr": "SH", "Value": ["DR20261120007"]}}
				""");
		JsonNode series = json.readTree("""
				{"0020000E": {"vr": "UI", "Value": ["1.2.3.1"]},
				 "00080060": {"vr": "CS", "Value": ["DX"]},
				 "00180015": {"vr": "CS", "Value": ["CHEST"]},
				 "00201209": {"vr": "IS", "Value": [2]}}
				""");

		ImagingStudy result = translator.translate(study, List.of(series), "WSY01", "Endpoint/e");

		assertThat(result.getStartedElement().getValueAsString()).isEqualTo("2026-11-20T09:30:00+08:00");
		assertThat(result.getSeriesFirstRep().getBodySite().getCode()).isEqualTo("51185008");
		assertThat(result.getNumberOfInstances()).isEqualTo(2);
		assertThat(result.getIdentifier()).anyMatch(id -> id.getSystem().equals(HubSystems.unitAccession("WSY01"))
				&& id.getValue().equals("DR20261120007"));
	}

	private JsonNode read(String name) throws IOException {
		try (InputStream in = getClass().getResourceAsStream("/pacs/" + name)) {
			return json.readTree(in);
		}
	}
}
