package org.countyhub.server.recognition.catalog;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.model.util.JpaConstants;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.recognition.evaluation.Reevaluation;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.SearchParameter;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Makes sure the recognition SearchParameters of the guide (valid-until, recognisable, item) are active on the
 * server before the first report is stored, since the marks are only queryable through them. A parameter that
 * is already stored under its canonical URL with the same base and expression (e.g. installed with the guide
 * package) is left as it is, so this keeps working unchanged once the server installs the whole package; one
 * stored by an earlier version of the guide (e.g. on DiagnosticReport only) is replaced. When any is new or
 * replaced, results already stored are judged in the background.
 */
@Component
class RecognitionSearchParameters implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RecognitionSearchParameters.class);
	private static final String PREFIX = HubSystems.CANONICAL_BASE + "/SearchParameter/recognition-";

	private final IFhirResourceDao<SearchParameter> dao;
	private final ISearchParamRegistry registry;
	private final FhirContext fhirContext;
	private final Reevaluation reevaluation;
	private volatile boolean running;

	RecognitionSearchParameters(
			IFhirResourceDao<SearchParameter> dao,
			ISearchParamRegistry registry,
			FhirContext fhirContext,
			Reevaluation reevaluation) {
		this.dao = dao;
		this.registry = registry;
		this.fhirContext = fhirContext;
		this.reevaluation = reevaluation;
	}

	@Override
	public int getPhase() {
		// before the web server, the guide, the member unit registry and the feeds (all later, at the context refresh)
		return -10;
	}

	@Override
	public void start() {
		running = true;
		List<String> created = new ArrayList<>();
		for (SearchParameter parameter : packaged()) {
			SearchParameterMap byUrl = SearchParameterMap.newSynchronous("url", new UriParam(parameter.getUrl()));
			List<SearchParameter> stored = dao.search(byUrl, new SystemRequestDetails()).getAllResources().stream()
					.map(SearchParameter.class::cast)
					.toList();
			if (stored.isEmpty() || stored.stream().noneMatch(existing -> sameIndex(existing, parameter))) {
				// A parameter stored before this version of the guide (e.g. on DiagnosticReport only) is replaced
				// under its own id, so the index covers every resource type the guide now marks.
				if (!stored.isEmpty()) {
					parameter.setId(stored.get(0).getIdElement().getIdPart());
				}
				// No reindex job: resources stored before carry no mark (or one the re-evaluation below rewrites).
				SystemRequestDetails request = new SystemRequestDetails();
				request.getUserData().put(JpaConstants.SKIP_REINDEX_ON_UPDATE, Boolean.TRUE);
				dao.update(parameter, request);
				created.add(parameter.getCode());
			}
		}
		if (!created.isEmpty()) {
			registry.forceRefresh();
			reevaluation.allUnits();
		}
		log.info("Recognition search parameters: {} written from the guide package, the others already stored",
				created);
	}

	/** Whether the stored parameter indexes the same resource types with the same expression as the packaged one. */
	private static boolean sameIndex(SearchParameter stored, SearchParameter packaged) {
		Set<String> storedBase = stored.getBase().stream().map(CodeType::getValue).collect(Collectors.toSet());
		Set<String> packagedBase = packaged.getBase().stream().map(CodeType::getValue).collect(Collectors.toSet());
		return storedBase.equals(packagedBase) && packaged.getExpression().equals(stored.getExpression());
	}

	private List<SearchParameter> packaged() {
		try (InputStream in = getClass().getClassLoader().getResourceAsStream(HubSystems.IG_PACKAGE_CLASSPATH)) {
			if (in == null) {
				throw new IllegalStateException("the guide package " + HubSystems.IG_PACKAGE_CLASSPATH
						+ " is not on the class path");
			}
			NpmPackage npm = NpmPackage.fromPackage(in);
			List<SearchParameter> found = new ArrayList<>();
			for (String file : npm.listResources("SearchParameter")) {
				try (InputStream resource = npm.load("package", file)) {
					SearchParameter parameter = fhirContext.newJsonParser().parseResource(SearchParameter.class, resource);
					if (parameter.getUrl().startsWith(PREFIX)) {
						found.add(parameter);
					}
				}
			}
			return found;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	@Override
	public void stop() {
		running = false;
	}

	@Override
	public boolean isRunning() {
		return running;
	}
}
