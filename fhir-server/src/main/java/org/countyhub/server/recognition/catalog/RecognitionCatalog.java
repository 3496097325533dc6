package org.countyhub.server.recognition.catalog;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.UriParam;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The recognition catalogue and the units' code maps, as the rules see them. Both are FHIR resources: the
 * catalogue CodeSystem ({@link HubSystems#RECOGNITION_CATALOGUE}) and every ConceptMap whose groups target it.
 * A resource stored on the server wins over the copy in the guide's package on the class path, so a county
 * changes the catalogue or a unit's map with a PUT, without a release; {@link #invalidate()} is called on such
 * writes ({@link ConformanceChangeInterceptor}) and the next lookup reloads.
 */
@Component
public class RecognitionCatalog {

	private static final Logger log = LoggerFactory.getLogger(RecognitionCatalog.class);

	private final DaoRegistry daoRegistry;
	private final FhirContext fhirContext;
	private volatile Snapshot snapshot;

	RecognitionCatalog(DaoRegistry daoRegistry, FhirContext fhirContext) {
		this.daoRegistry = daoRegistry;
		this.fhirContext = fhirContext;
	}

	/** The catalogue item with this code, if the catalogue has it. */
	public Optional<CatalogueItem> item(String code) {
		return Optional.ofNullable(snapshot().items.get(code));
	}

	public Collection<CatalogueItem> items() {
		return snapshot().items.values();
	}

	/** The items of one category (lab, imaging, ecg, ultrasound, pathology). */
	public List<CatalogueItem> category(String category) {
		return snapshot().items.values().stream().filter(i -> i.category().equals(category)).toList();
	}

	/**
	 * The catalogue items a coded concept stands for: catalogue codes directly (a standard code), and local codes
	 * through the code map whose source is the coding's system (the performing unit's own item codes).
	 */
	public Set<CatalogueItem> itemsOf(CodeableConcept concept) {
		Set<CatalogueItem> found = new LinkedHashSet<>();
		for (Coding coding : concept.getCoding()) {
			itemOf(coding).ifPresent(found::add);
		}
		return found;
	}

	public Optional<CatalogueItem> itemOf(Coding coding) {
		if (!coding.hasSystem() || !coding.hasCode()) {
			return Optional.empty();
		}
		Snapshot current = snapshot();
		if (HubSystems.RECOGNITION_CATALOGUE.equals(coding.getSystem())) {
			return Optional.ofNullable(current.items.get(coding.getCode()));
		}
		Map<String, String> map = current.codeMaps.get(coding.getSystem());
		String target = map == null ? null : map.get(coding.getCode());
		return Optional.ofNullable(target == null ? null : current.items.get(target));
	}

	/** Forget what was loaded; the next lookup reads the server's (or the package's) resources again. */
	public void invalidate() {
		snapshot = null;
	}

	private Snapshot snapshot() {
		Snapshot current = snapshot;
		if (current == null) {
			synchronized (this) {
				current = snapshot;
				if (current == null) {
					current = load();
					snapshot = current;
				}
			}
		}
		return current;
	}

	private Snapshot load() {
		GuidePackage guide = new GuidePackage();
		Optional<CodeSystem> onServer = stored(CodeSystem.class, HubSystems.RECOGNITION_CATALOGUE);
		CodeSystem catalogue = onServer.orElseGet(() -> guide.codeSystem(HubSystems.RECOGNITION_CATALOGUE));
		Map<String, CatalogueItem> items = new LinkedHashMap<>();
		for (CodeSystem.ConceptDefinitionComponent concept : catalogue.getConcept()) {
			items.put(concept.getCode(), item(concept));
		}
		// The package's maps first, then the server's: a map stored on the server replaces the packaged one
		Map<String, ConceptMap> mapsByUrl = new LinkedHashMap<>();
		guide.conceptMaps().forEach(m -> mapsByUrl.put(m.getUrl(), m));
		storedConceptMaps().forEach(m -> mapsByUrl.put(m.getUrl(), m));
		Map<String, Map<String, String>> codeMaps = new HashMap<>();
		for (ConceptMap map : mapsByUrl.values()) {
			if (map.getStatus() == Enumerations.PublicationStatus.RETIRED) {
				continue;
			}
			for (ConceptMap.ConceptMapGroupComponent group : map.getGroup()) {
				if (!HubSystems.RECOGNITION_CATALOGUE.equals(group.getTarget()) || !group.hasSource()) {
					continue;
				}
				Map<String, String> codes = codeMaps.computeIfAbsent(group.getSource(), s -> new HashMap<>());
				for (ConceptMap.SourceElementComponent element : group.getElement()) {
					element.getTarget().stream()
							.filter(t -> t.hasCode() && mapsTo(t.getEquivalence()))
							.findFirst()
							.ifPresent(t -> codes.put(element.getCode(), t.getCode()));
				}
			}
		}
		log.info("Recognition catalogue {} (version {}): {} items; code maps for {} local code systems",
				onServer.isPresent() ? "from the server" : "from the guide package",
				catalogue.getVersion(), items.size(), codeMaps.size());
		return new Snapshot(Map.copyOf(items), Map.copyOf(codeMaps));
	}

	/** A local code counts as the catalogue item only when the map says it is the same test, not a wider one. */
	private static boolean mapsTo(Enumerations.ConceptMapEquivalence equivalence) {
		return equivalence == null
				|| equivalence == Enumerations.ConceptMapEquivalence.EQUIVALENT
				|| equivalence == Enumerations.ConceptMapEquivalence.EQUAL
				|| equivalence == Enumerations.ConceptMapEquivalence.RELATEDTO;
	}

	private static CatalogueItem item(CodeSystem.ConceptDefinitionComponent concept) {
		String category = null;
		String level = null;
		int days = 0;
		BigDecimal price = null;
		for (CodeSystem.ConceptPropertyComponent property : concept.getProperty()) {
			switch (property.getCode()) {
				case "category" -> category = property.getValue().primitiveValue();
				case "level" -> level = property.getValue().primitiveValue();
				case "validity-days" -> days = Integer.parseInt(property.getValue().primitiveValue());
				case "price" -> price = new BigDecimal(property.getValue().primitiveValue());
				default -> {
					// other properties (basis) are documentation
				}
			}
		}
		return new CatalogueItem(concept.getCode(), concept.getDisplay(), category, days, level, price);
	}

	private <T extends IBaseResource> Optional<T> stored(Class<T> type, String url) {
		if (!daoRegistry.isResourceTypeSupported(fhirContext.getResourceType(type))) {
			return Optional.empty();
		}
		IBundleProvider found = daoRegistry.getResourceDao(type)
				.search(SearchParameterMap.newSynchronous("url", new UriParam(url)), new SystemRequestDetails());
		return found.getAllResources().stream()
				.map(type::cast)
				.max(Comparator.comparing(r -> r.getMeta().getLastUpdated()));
	}

	private List<ConceptMap> storedConceptMaps() {
		SearchParameterMap all = SearchParameterMap.newSynchronous();
		all.setCount(10_000);
		return daoRegistry.getResourceDao(ConceptMap.class).search(all, new SystemRequestDetails())
				.getAllResources().stream()
				.map(ConceptMap.class::cast)
				.toList();
	}

	private record Snapshot(Map<String, CatalogueItem> items, Map<String, Map<String, String>> codeMaps) {}

	/** The guide as packaged on the class path by the profiles module. */
	private final class GuidePackage {
		private final NpmPackage npm;

		GuidePackage() {
			try (InputStream in = RecognitionCatalog.class.getClassLoader()
					.getResourceAsStream(HubSystems.IG_PACKAGE_CLASSPATH)) {
				if (in == null) {
					throw new IllegalStateException("the guide package " + HubSystems.IG_PACKAGE_CLASSPATH
							+ " is not on the class path (profiles module missing?)");
				}
				npm = NpmPackage.fromPackage(in);
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}

		CodeSystem codeSystem(String url) {
			return resources("CodeSystem", CodeSystem.class).stream()
					.filter(cs -> url.equals(cs.getUrl()))
					.findFirst()
					.orElseThrow(() -> new IllegalStateException("the guide package has no CodeSystem " + url));
		}

		List<ConceptMap> conceptMaps() {
			return resources("ConceptMap", ConceptMap.class);
		}

		private <T extends IBaseResource> List<T> resources(String type, Class<T> clazz) {
			try {
				List<T> result = new java.util.ArrayList<>();
				for (String file : npm.listResources(type)) {
					try (InputStream in = npm.load("package", file)) {
						result.add(fhirContext.newJsonParser().parseResource(clazz, in));
					}
				}
				return result;
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}
	}
}
