package org.countyhub.server.pacs;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.TokenParam;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.countyhub.county.MemberUnit;
import org.countyhub.server.workflow.ActingUnit;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Finds the PACS that are due (active {@code dicom-wado-rs} Endpoints of member units, each on its unit's
 * interval) and polls one: QIDO-RS for recent studies, then each study's series, then registration. A study that
 * cannot be registered yet (its patient not yet known to the hub) stays in the PACS and is tried again at the
 * next poll; nothing is lost.
 */
@Component
class PacsPoller {

	private static final Logger log = LoggerFactory.getLogger(PacsPoller.class);
	static final String WADO_RS = "dicom-wado-rs";
	private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

	/** A unit's PACS as found in an Endpoint. */
	record PacsSource(String endpointId, String address, MemberUnit unit) {}

	private final WorkflowStore store;
	private final ActingUnit units;
	private final StudyRegistration registration;
	private final PacsProperties properties;
	private final DicomWebClient dicomWeb;
	private final StudyTranslator translator;
	private final Map<String, Instant> lastPoll = new ConcurrentHashMap<>();

	PacsPoller(WorkflowStore store, ActingUnit units, StudyRegistration registration, PacsProperties properties,
			ObjectMapper json) {
		this.store = store;
		this.units = units;
		this.registration = registration;
		this.properties = properties;
		this.dicomWeb = new DicomWebClient(json, properties.timeout());
		this.translator = new StudyTranslator(bodySites());
	}

	private static Map<String, StudyTranslator.BodySite> bodySites() {
		ObjectMapper yaml = JsonMapper.builder(new YAMLFactory()).build();
		try (InputStream in = PacsPoller.class.getResourceAsStream("/pacs/body-parts.yaml")) {
			return yaml.readValue(in, new TypeReference<Map<String, StudyTranslator.BodySite>>() {});
		} catch (IOException e) {
			throw new UncheckedIOException("pacs/body-parts.yaml cannot be read", e);
		}
	}

	List<PacsSource> dueSources() {
		SearchParameterMap map = new SearchParameterMap();
		map.add(Endpoint.SP_CONNECTION_TYPE, new TokenParam(WADO_RS));
		map.add(Endpoint.SP_STATUS, new TokenParam("active"));
		Instant now = Instant.now();
		List<PacsSource> due = new ArrayList<>();
		for (Endpoint endpoint : store.search(Endpoint.class, map)) {
			Optional<MemberUnit> unit = units.ofOrganization(endpoint.getManagingOrganization().getReference());
			if (unit.isEmpty() || !endpoint.hasAddress()) {
				continue;
			}
			String id = endpoint.getIdElement().getIdPart();
			Instant last = lastPoll.get(id);
			if (last == null || !last.plus(properties.intervalFor(unit.get().code())).isAfter(now)) {
				due.add(new PacsSource(id, endpoint.getAddress(), unit.get()));
			}
		}
		return due;
	}

	Map<StudyRegistration.Outcome, Integer> poll(PacsSource source) throws IOException, InterruptedException {
		lastPoll.put(source.endpointId(), Instant.now());
		LocalDate since = LocalDate.now(BEIJING).minusDays(properties.lookbackDays());
		Map<StudyRegistration.Outcome, Integer> counts = new EnumMap<>(StudyRegistration.Outcome.class);
		for (JsonNode study : dicomWeb.studies(source.address(), since)) {
			Optional<String> uid = DicomJson.first(study, DicomJson.STUDY_UID);
			if (uid.isEmpty()) {
				continue;
			}
			StudyRegistration.Outcome outcome;
			try {
				List<JsonNode> series = dicomWeb.series(source.address(), uid.get());
				ImagingStudy imagingStudy = translator.translate(
						study, series, source.unit().code(), "Endpoint/" + source.endpointId());
				outcome = registration.register(imagingStudy, study, source.unit());
			} catch (RuntimeException e) {
				// one bad study must not hold up the others; it is tried again at the next poll
				log.warn("PACS {} study {}: not registered: {}", source.unit().code(), uid.get(), e.getMessage());
				continue;
			}
			counts.merge(outcome, 1, Integer::sum);
			if (outcome == StudyRegistration.Outcome.NO_PATIENT) {
				log.warn("PACS {} study {}: no matching patient or request yet; retried at the next poll",
						source.unit().code(), uid.get());
			}
		}
		if (counts.containsKey(StudyRegistration.Outcome.CREATED) || counts.containsKey(StudyRegistration.Outcome.UPDATED)) {
			log.info("PACS {} ({}): {}", source.unit().code(), source.endpointId(), counts);
		}
		return counts;
	}
}
