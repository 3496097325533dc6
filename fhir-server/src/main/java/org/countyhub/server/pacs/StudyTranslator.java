package org.countyhub.server.pacs;

import com.fasterxml.jackson.databind.JsonNode;
import java.text.ParseException;
import java.text.SimpleDateFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Reference;

/**
 * One QIDO-RS study with its series (DICOM JSON) → an ImagingStudy of the hub's imaging-study profile: Study
 * Instance UID and the unit's accession number as identifiers, modalities, series with instance counts and body
 * site, and the unit's DICOMweb Endpoint for retrieval. Patient and request links are made by the caller.
 */
final class StudyTranslator {

	static final String SNOMED = "http://snomed.info/sct";
	private static final TimeZone BEIJING = TimeZone.getTimeZone("Asia/Shanghai");

	/** A SNOMED CT body structure for a DICOM Body Part Examined term. */
	record BodySite(String code, String display) {}

	private final Map<String, BodySite> bodySites;

	StudyTranslator(Map<String, BodySite> bodySites) {
		this.bodySites = Map.copyOf(bodySites);
	}

	static String studyIdentifierValue(String studyUid) {
		return "urn:oid:" + studyUid;
	}

	ImagingStudy translate(JsonNode study, List<JsonNode> series, String unitCode, String endpointReference) {
		String studyUid = DicomJson.first(study, DicomJson.STUDY_UID)
				.orElseThrow(() -> new IllegalArgumentException("QIDO study without Study Instance UID"));
		ImagingStudy result = new ImagingStudy();
		result.getMeta().addProfile(HubSystems.IMAGING_STUDY_PROFILE);
		result.addIdentifier().setSystem(HubSystems.DICOM_UID).setValue(studyIdentifierValue(studyUid));
		DicomJson.first(study, DicomJson.ACCESSION).ifPresent(acc -> result.addIdentifier()
				.setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v2-0203", "ACSN", null)))
				.setSystem(HubSystems.unitAccession(unitCode))
				.setValue(acc));
		result.setStatus(ImagingStudy.ImagingStudyStatus.AVAILABLE);
		started(study).ifPresent(result::setStartedElement);
		DicomJson.first(study, DicomJson.STUDY_DESCRIPTION).ifPresent(result::setDescription);
		result.addEndpoint(new Reference(endpointReference));

		Set<String> modalities = new LinkedHashSet<>();
		int instances = 0;
		for (JsonNode s : series) {
			ImagingStudy.ImagingStudySeriesComponent component = result.addSeries();
			component.setUid(DicomJson.first(s, DicomJson.SERIES_UID)
					.orElseThrow(() -> new IllegalArgumentException("QIDO series without Series Instance UID")));
			DicomJson.integer(s, DicomJson.SERIES_NUMBER).ifPresent(component::setNumber);
			DicomJson.first(s, DicomJson.SERIES_DESCRIPTION).ifPresent(component::setDescription);
			String modality = DicomJson.first(s, DicomJson.MODALITY).orElse("OT");
			component.setModality(new Coding(HubSystems.DICOM_DCM, modality, null));
			modalities.add(modality);
			int count = DicomJson.integer(s, DicomJson.SERIES_INSTANCE_COUNT).orElse(0);
			component.setNumberOfInstances(count);
			instances += count;
			DicomJson.first(s, DicomJson.BODY_PART).ifPresent(part -> component.setBodySite(bodySite(part)));
			component.addEndpoint(new Reference(endpointReference));
		}
		if (modalities.isEmpty()) {
			DicomJson.first(study, DicomJson.MODALITIES_IN_STUDY).ifPresent(modalities::add);
		}
		modalities.forEach(m -> result.addModality(new Coding(HubSystems.DICOM_DCM, m, null)));
		result.setNumberOfSeries(series.isEmpty()
				? DicomJson.integer(study, DicomJson.STUDY_SERIES_COUNT).orElse(0)
				: series.size());
		result.setNumberOfInstances(series.isEmpty()
				? DicomJson.integer(study, DicomJson.STUDY_INSTANCE_COUNT).orElse(0)
				: instances);
		return result;
	}

	private Coding bodySite(String term) {
		BodySite site = bodySites.get(term.toUpperCase(java.util.Locale.ROOT));
		return site == null
				? new Coding().setDisplay(term)
				: new Coding(SNOMED, site.code(), site.display());
	}

	/** StudyDate + StudyTime, as recorded in Beijing time by the modality. */
	private static Optional<DateTimeType> started(JsonNode study) {
		Optional<String> date = DicomJson.first(study, DicomJson.STUDY_DATE);
		if (date.isEmpty() || !date.get().matches("\\d{8}")) {
			return Optional.empty();
		}
		String time = DicomJson.first(study, DicomJson.STUDY_TIME).orElse("000000").replaceAll("[^0-9].*$", "");
		time = (time + "000000").substring(0, 6);
		SimpleDateFormat format = new SimpleDateFormat("yyyyMMddHHmmss");
		format.setTimeZone(BEIJING);
		try {
			DateTimeType value = new DateTimeType(format.parse(date.get() + time));
			value.setTimeZone(BEIJING);
			return Optional.of(value);
		} catch (ParseException e) {
			return Optional.empty();
		}
	}
}
