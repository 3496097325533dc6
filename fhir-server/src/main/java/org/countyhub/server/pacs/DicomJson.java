package org.countyhub.server.pacs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** Reading attributes of a DICOM JSON (PS3.18 F.2) object: {@code {"0020000D": {"vr": "UI", "Value": [...]}}}. */
final class DicomJson {

	static final String STUDY_UID = "0020000D";
	static final String SERIES_UID = "0020000E";
	static final String MODALITY = "00080060";
	static final String MODALITIES_IN_STUDY = "00080061";
	static final String ACCESSION = "00080050";
	static final String STUDY_DATE = "00080020";
	static final String STUDY_TIME = "00080030";
	static final String STUDY_DESCRIPTION = "00081030";
	static final String SERIES_DESCRIPTION = "0008103E";
	static final String SERIES_NUMBER = "00200011";
	static final String BODY_PART = "00180015";
	static final String PATIENT_ID = "00100020";
	static final String OTHER_PATIENT_IDS = "00101000";
	static final String STUDY_SERIES_COUNT = "00201206";
	static final String STUDY_INSTANCE_COUNT = "00201208";
	static final String SERIES_INSTANCE_COUNT = "00201209";

	private DicomJson() {}

	/** The first value of an attribute as text; person names give their alphabetic form. */
	static Optional<String> first(JsonNode object, String tag) {
		JsonNode value = object.path(tag).path("Value");
		if (!value.isArray() || value.isEmpty()) {
			return Optional.empty();
		}
		JsonNode first = value.get(0);
		String text = first.isObject() ? first.path("Alphabetic").asText("") : first.asText("");
		return text.isBlank() ? Optional.empty() : Optional.of(text.trim());
	}

	static Optional<Integer> integer(JsonNode object, String tag) {
		return first(object, tag).flatMap(v -> {
			try {
				return Optional.of(Integer.parseInt(v));
			} catch (NumberFormatException e) {
				return Optional.empty();
			}
		});
	}
}
