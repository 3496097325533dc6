package org.countyhub.server.indexing;

import ca.uhn.fhir.IHapiBootOrder;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.SearchParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Indexes only the built-in search parameters the hub uses, for the types its feeds write most (a lab message is
 * eight Observations): the table {@code indexing/indexed-search-parameters.json} names what each listed type keeps;
 * every other built-in parameter of that type is retired by a stored SearchParameter of the same code and base
 * with status {@code retired}, which HAPI honours by no longer extracting, storing or searching it. Idempotent: an
 * unchanged table stores nothing at the next start (identical updates are suppressed), so no reindex is started.
 */
@Component
@ConditionalOnProperty(name = "hub.indexing.retire-unused", havingValue = "true", matchIfMissing = true)
public class IndexedSearchParameters {

	static final String TABLE = "indexing/indexed-search-parameters.json";
	private static final Logger log = LoggerFactory.getLogger(IndexedSearchParameters.class);

	private final FhirContext fhirContext;
	private final DaoRegistry daos;
	private final ISearchParamRegistry registry;
	private final JpaStorageSettings storageSettings;
	private final AtomicBoolean done = new AtomicBoolean();

	IndexedSearchParameters(FhirContext fhirContext, DaoRegistry daos, ISearchParamRegistry registry,
			JpaStorageSettings storageSettings) {
		this.fhirContext = fhirContext;
		this.daos = daos;
		this.registry = registry;
		this.storageSettings = storageSettings;
	}

	// Right after the guide is installed and enforced (same boot slot, later): before the feeds start writing.
	@EventListener(ContextRefreshedEvent.class)
	@Order(IHapiBootOrder.REGISTER_INTERCEPTORS + 1)
	public void retireUnused() {
		if (!done.compareAndSet(false, true)) {
			return;
		}
		Map<String, Set<String>> keep = readTable();
		List<String> retired = new ArrayList<>();
		// HAPI would start one reindex of every resource of the type per retired parameter (21 full passes over
		// the Observations of a loaded database). Retiring needs none: new writes stop indexing the parameter, and
		// the rows already stored are never read again (an operator's $reindex removes them).
		boolean reindexOnChange = storageSettings.isMarkResourcesForReindexingUponSearchParameterChange();
		storageSettings.setMarkResourcesForReindexingUponSearchParameterChange(false);
		try {
			keep.forEach((type, kept) -> {
				for (SearchParameter parameter : retirements(type, kept)) {
					daos.getResourceDao(SearchParameter.class).update(parameter, new SystemRequestDetails());
					retired.add(type + "." + parameter.getCode());
				}
			});
		} finally {
			storageSettings.setMarkResourcesForReindexingUponSearchParameterChange(reindexOnChange);
		}
		registry.forceRefresh();
		log.info("Search parameters indexed: {} as {} says; {} built-in parameters retired", keep, TABLE,
				retired.size());
	}

	/** The retiring SearchParameters for the built-in parameters of {@code type} not in {@code kept}. */
	List<SearchParameter> retirements(String type, Set<String> kept) {
		RuntimeResourceDefinition definition = fhirContext.getResourceDefinition(type);
		for (String code : kept) {
			if (definition.getSearchParam(code) == null) {
				throw new IllegalStateException(TABLE + ": " + type + " has no built-in search parameter '" + code + "'");
			}
		}
		List<SearchParameter> result = new ArrayList<>();
		for (RuntimeSearchParam builtIn : definition.getSearchParams()) {
			String code = builtIn.getName();
			if (code.startsWith("_") || kept.contains(code)) {
				continue;
			}
			SearchParameter parameter = new SearchParameter();
			parameter.setId("retired-" + type + "-" + code);
			parameter.setUrl(HubSystems.CANONICAL_BASE + "/SearchParameter/retired-" + type + "-" + code);
			parameter.setName("retired-" + type + "-" + code);
			parameter.setStatus(Enumerations.PublicationStatus.RETIRED);
			parameter.setDescription("Not indexed by the hub (" + TABLE + ")");
			parameter.setCode(code);
			parameter.addBase(type);
			parameter.setType(Enumerations.SearchParamType.fromCode(builtIn.getParamType().getCode()));
			parameter.setExpression(builtIn.getPath());
			result.add(parameter);
		}
		return result;
	}

	static Map<String, Set<String>> readTable() {
		try (InputStream in = IndexedSearchParameters.class.getClassLoader().getResourceAsStream(TABLE)) {
			if (in == null) {
				throw new IllegalStateException(TABLE + " not found on the classpath");
			}
			JsonNode keep = new ObjectMapper().readTree(in).path("keep");
			Map<String, Set<String>> table = new LinkedHashMap<>();
			keep.fieldNames().forEachRemaining(type -> {
				Set<String> codes = new LinkedHashSet<>();
				keep.get(type).forEach(code -> codes.add(code.asText()));
				table.put(type, codes);
			});
			return table;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
