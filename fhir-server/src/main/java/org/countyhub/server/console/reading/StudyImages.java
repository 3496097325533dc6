package org.countyhub.server.console.reading;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.springframework.stereotype.Component;

/**
 * The study's images from the performing unit's PACS, fetched by the hub so that the browser never learns the
 * PACS's address: the instances of each series (QIDO-RS) and one rendered frame (WADO-RS {@code rendered}, with a
 * window preset). The study and its Endpoint are read through the hub's API as the signed-in person. Used by the
 * reading view and by an imaging report's 影像 page in the 360 view.
 */
@OnEmbeddedSignIn
@Component
public class StudyImages {

	private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");
	private static final String SOP_INSTANCE_UID = "00080018";
	private static final String INSTANCE_NUMBER = "00200013";
	private static final int MAX_FRAMES = 12;

	/** One image: its series and instance. */
	public record Frame(String series, String instance) {}

	/** A rendered frame. */
	public record Rendered(byte[] bytes, String contentType) {}

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
	private final ObjectMapper json = new ObjectMapper();

	/** The study's images, series by series (at most a dozen: the reading view shows a strip, not a stack). */
	public List<Frame> frames(IGenericClient fhir, ImagingStudy study) {
		Optional<String> base = base(fhir, study);
		String studyUid = studyUid(study);
		List<Frame> frames = new ArrayList<>();
		if (base.isEmpty() || studyUid == null) {
			return frames;
		}
		for (ImagingStudy.ImagingStudySeriesComponent series : study.getSeries()) {
			for (String instance : instances(base.get(), studyUid, series.getUid())) {
				if (frames.size() < MAX_FRAMES) {
					frames.add(new Frame(series.getUid(), instance));
				}
			}
		}
		return frames;
	}

	/** One frame rendered by the PACS; empty when the frame is not one of the study's. */
	public Optional<Rendered> rendered(IGenericClient fhir, ImagingStudy study, Frame frame, ReadingDesk.Preset preset) {
		Optional<String> base = base(fhir, study);
		String studyUid = studyUid(study);
		boolean ofStudy = study.getSeries().stream().anyMatch(s -> s.getUid().equals(frame.series()));
		if (base.isEmpty() || studyUid == null || !ofStudy || !UID.matcher(frame.instance()).matches()
				|| !instances(base.get(), studyUid, frame.series()).contains(frame.instance())) {
			return Optional.empty();
		}
		String path = "/studies/" + studyUid + "/series/" + frame.series() + "/instances/" + frame.instance()
				// the window as DICOM writes it (center,width,function): Orthanc refuses percent-encoded commas
				+ "/rendered" + (preset.window() == null ? "" : "?window=" + preset.window());
		HttpResponse<byte[]> answer = send(base.get() + path, "image/jpeg");
		if (answer.statusCode() != 200) {
			return Optional.empty();
		}
		return Optional.of(new Rendered(answer.body(),
				answer.headers().firstValue("Content-Type").orElse("image/jpeg")));
	}

	private List<String> instances(String base, String studyUid, String seriesUid) {
		if (!UID.matcher(studyUid).matches() || seriesUid == null || !UID.matcher(seriesUid).matches()) {
			return List.of();
		}
		HttpResponse<byte[]> answer = send(base + "/studies/" + studyUid + "/series/" + seriesUid
				+ "/instances?includefield=" + INSTANCE_NUMBER, "application/dicom+json");
		if (answer.statusCode() != 200 || answer.body().length == 0) {
			return List.of();
		}
		List<JsonNode> found = new ArrayList<>();
		try {
			json.readTree(answer.body()).forEach(found::add);
		} catch (IOException e) {
			return List.of();
		}
		found.sort((a, b) -> Integer.compare(number(a), number(b)));
		return found.stream().map(i -> i.path(SOP_INSTANCE_UID).path("Value").path(0).asText(""))
				.filter(uid -> UID.matcher(uid).matches()).toList();
	}

	private static int number(JsonNode instance) {
		return instance.path(INSTANCE_NUMBER).path("Value").path(0).asInt(0);
	}

	private HttpResponse<byte[]> send(String url, String accept) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
				.header("Accept", accept).GET().build();
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
		} catch (IOException e) {
			throw new FhirClientConnectionException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new FhirClientConnectionException(e);
		}
	}

	/** The DICOMweb base of the study's (first active) Endpoint, read through the hub's API. */
	private static Optional<String> base(IGenericClient fhir, ImagingStudy study) {
		if (!study.hasEndpoint()) {
			return Optional.empty();
		}
		Endpoint endpoint = fhir.read().resource(Endpoint.class)
				.withId(study.getEndpointFirstRep().getReferenceElement().getIdPart()).execute();
		if (endpoint.getStatus() != Endpoint.EndpointStatus.ACTIVE || !endpoint.hasAddress()) {
			return Optional.empty();
		}
		return Optional.of(endpoint.getAddress().replaceAll("/+$", ""));
	}

	private static String studyUid(ImagingStudy study) {
		return study.getIdentifier().stream().filter(i -> HubSystems.DICOM_UID.equals(i.getSystem()) && i.hasValue())
				.map(i -> i.getValue().replaceFirst("^urn:oid:", "")).findFirst().orElse(null);
	}
}
