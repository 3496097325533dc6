package org.countyhub.server.pacs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The few QIDO-RS queries the hub makes of a unit's PACS (DICOM PS3.18 §10.6), over plain java.net.http. */
final class DicomWebClient {

	private static final List<String> STUDY_FIELDS = List.of(DicomJson.STUDY_DESCRIPTION, DicomJson.OTHER_PATIENT_IDS,
			DicomJson.STUDY_SERIES_COUNT, DicomJson.STUDY_INSTANCE_COUNT, DicomJson.MODALITIES_IN_STUDY);
	private static final List<String> SERIES_FIELDS = List.of(DicomJson.BODY_PART, DicomJson.SERIES_INSTANCE_COUNT,
			DicomJson.SERIES_DESCRIPTION, DicomJson.SERIES_NUMBER);

	private final HttpClient http;
	private final ObjectMapper json;
	private final Duration timeout;

	DicomWebClient(ObjectMapper json, Duration timeout) {
		this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
		this.json = json;
		this.timeout = timeout;
	}

	/** Studies whose StudyDate is on or after the given day. */
	List<JsonNode> studies(String base, LocalDate since) throws IOException, InterruptedException {
		StringBuilder query = new StringBuilder("/studies?StudyDate=")
				.append(since.format(DateTimeFormatter.BASIC_ISO_DATE)).append('-');
		STUDY_FIELDS.forEach(f -> query.append("&includefield=").append(f));
		return get(base, query.toString());
	}

	List<JsonNode> series(String base, String studyUid) throws IOException, InterruptedException {
		StringBuilder query = new StringBuilder("/studies/")
				.append(URLEncoder.encode(studyUid, StandardCharsets.UTF_8)).append("/series?");
		SERIES_FIELDS.forEach(f -> query.append("includefield=").append(f).append('&'));
		return get(base, query.substring(0, query.length() - 1));
	}

	private List<JsonNode> get(String base, String pathAndQuery) throws IOException, InterruptedException {
		URI uri = URI.create(base.replaceAll("/+$", "") + pathAndQuery);
		HttpRequest request = HttpRequest.newBuilder(uri)
				.timeout(timeout)
				.header("Accept", "application/dicom+json")
				.GET()
				.build();
		HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
		if (response.statusCode() == 204 || response.body().length == 0) {
			return List.of();
		}
		if (response.statusCode() != 200) {
			throw new IOException("QIDO-RS " + uri.getPath() + " answered HTTP " + response.statusCode());
		}
		JsonNode body = json.readTree(response.body());
		if (!body.isArray()) {
			throw new IOException("QIDO-RS " + uri.getPath() + " did not answer a DICOM JSON array");
		}
		List<JsonNode> result = new ArrayList<>();
		body.forEach(result::add);
		return result;
	}
}
