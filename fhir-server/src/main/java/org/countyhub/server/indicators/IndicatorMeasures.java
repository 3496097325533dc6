package org.countyhub.server.indicators;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Measure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The indicators' definitions: the guide's {@code Measure-*.json} files, read from the profiles module on the
 * classpath (the guide is their one source) and published as Measure resources of the server at start (under
 * their guide ids), so other tools read the definitions where they read the reports. HAPI's package installer
 * installs conformance resources only, hence this.
 */
@Component
public class IndicatorMeasures {

	private static final Logger log = LoggerFactory.getLogger(IndicatorMeasures.class);

	private final Map<String, Measure> measures = new LinkedHashMap<>();
	private final IFhirResourceDao<Measure> dao;

	IndicatorMeasures(FhirContext fhir, ResourcePatternResolver resolver, DaoRegistry daos) throws IOException {
		this.dao = daos.getResourceDao(Measure.class);
		Resource[] files = resolver.getResources("classpath*:ig/package/Measure-*.json");
		Arrays.sort(files, Comparator.comparing(Resource::getFilename));
		for (Resource file : files) {
			try (InputStream in = file.getInputStream()) {
				Measure measure = fhir.newJsonParser().parseResource(Measure.class, in);
				measures.put(measure.getIdElement().getIdPart(), measure);
			} catch (IOException e) {
				throw new UncheckedIOException("cannot read " + file.getDescription(), e);
			}
		}
	}

	public static String canonical(String measureId) {
		return HubSystems.CANONICAL_BASE + "/Measure/" + measureId;
	}

	public Optional<Measure> measure(String id) {
		return Optional.ofNullable(measures.get(id));
	}

	public Map<String, Measure> all() {
		return measures;
	}

	@EventListener(ApplicationReadyEvent.class)
	void publish() {
		int written = 0;
		for (Measure measure : measures.values()) {
			Measure stored = stored(measure.getIdElement().getIdPart());
			if (stored == null || !sameContent(stored, measure)) {
				dao.update(measure.copy(), new SystemRequestDetails());
				written++;
			}
		}
		log.info("Indicator Measures {}: {} written, {} unchanged", measures.keySet(), written,
				measures.size() - written);
	}

	private Measure stored(String id) {
		try {
			return dao.read(new IdType("Measure", id), new SystemRequestDetails());
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return null;
		}
	}

	private static boolean sameContent(Measure stored, Measure wanted) {
		Measure a = stored.copy();
		a.setMeta(null);
		a.setIdElement(null);
		Measure b = wanted.copy();
		b.setMeta(null);
		b.setIdElement(null);
		return a.equalsDeep(b);
	}
}
