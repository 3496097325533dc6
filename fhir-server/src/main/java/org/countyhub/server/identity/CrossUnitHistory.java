package org.countyhub.server.identity;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.fhirpath.IFhirPath;
import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.dao.SearchBuilderFactory;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.mdm.api.IMdmLinkExpandSvc;
import ca.uhn.fhir.mdm.api.MdmConstants;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.TokenParamModifier;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.countyhub.profiles.HubMsg;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.config.HubProperties;
import org.countyhub.server.rest.FhirOperationProvider;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * {@code Patient/[id]/$history-across-units} and {@code Patient/$history-across-units?identifier=|mrn=}: a
 * person's record from every member unit in one newest-first, paged Bundle, each entry marked with its performing
 * unit. The person is whoever MDM links to the given Patient (MATCH links only: a possible match counts only
 * once a reviewer accepts it). What counts as history, and each clinician category, is data
 * ({@link HistoryCatalog}). The person is expanded through the MDM links once per call (what {@code :mdm} would
 * do in each search); the page is cut in one query over HAPI's search index ({@link PersonTimeline}) and only its
 * resources are loaded.
 */
final class CrossUnitHistory implements FhirOperationProvider {

	static final String OPERATION = "$history-across-units";

	private final FhirContext fhirContext;
	private final DaoRegistry daoRegistry;
	private final ISearchParamRegistry searchParams;
	private final HistoryCatalog catalog;
	private final HubProperties properties;
	private final IMdmLinkExpandSvc mdmLinks;
	private final PersonTimeline timeline;
	private final SearchBuilderFactory<JpaPid> searchBuilders;
	private final IHapiTransactionService transactions;
	private final UnitNames unitNames;
	// Building a FHIRPath engine is costly (it loads the structure definitions); one per request thread.
	private final ThreadLocal<IFhirPath> fhirPath;

	CrossUnitHistory(FhirContext fhirContext, DaoRegistry daoRegistry, ISearchParamRegistry searchParams,
			HistoryCatalog catalog, HubProperties properties, IMdmLinkExpandSvc mdmLinks, PersonTimeline timeline,
			SearchBuilderFactory<JpaPid> searchBuilders, IHapiTransactionService transactions) {
		this.fhirContext = fhirContext;
		this.daoRegistry = daoRegistry;
		this.searchParams = searchParams;
		this.catalog = catalog;
		this.properties = properties;
		this.mdmLinks = mdmLinks;
		this.timeline = timeline;
		this.searchBuilders = searchBuilders;
		this.transactions = transactions;
		this.unitNames = new UnitNames(daoRegistry);
		this.fhirPath = ThreadLocal.withInitial(fhirContext::newFhirPath);
	}

	@Operation(name = OPERATION, type = Patient.class, idempotent = true)
	public Bundle forPatient(
			@IdParam IdType patientId,
			@OperationParam(name = "category") StringType category,
			@OperationParam(name = "date", max = 2) List<StringType> dates,
			@OperationParam(name = "performer") StringType performer,
			@OperationParam(name = "_count") IntegerType count,
			@OperationParam(name = "_offset") IntegerType offset,
			RequestDetails request) {
		IIdType id = patientId.toUnqualifiedVersionless();
		// 404 for an unknown id, as a read would give
		daoRegistry.getResourceDao(Patient.class).read(id, request);
		return history(List.of(id), new Filters(category, dates, performer, count, offset), request);
	}

	@Operation(name = OPERATION, type = Patient.class, idempotent = true)
	public Bundle forIdentifier(
			@OperationParam(name = "identifier") StringType identifier,
			@OperationParam(name = "mrn") StringType mrn,
			@OperationParam(name = "mrn-unit") StringType mrnUnit,
			@OperationParam(name = "category") StringType category,
			@OperationParam(name = "date", max = 2) List<StringType> dates,
			@OperationParam(name = "performer") StringType performer,
			@OperationParam(name = "_count") IntegerType count,
			@OperationParam(name = "_offset") IntegerType offset,
			RequestDetails request) {
		SearchParameterMap query = SearchParameterMap.newSynchronous();
		if (has(identifier) && !has(mrn)) {
			TokenParam token = new TokenParam();
			token.setValueAsQueryToken(fhirContext, Patient.SP_IDENTIFIER, null, identifier.getValue());
			query.add(Patient.SP_IDENTIFIER, token);
		} else if (has(mrn) && has(mrnUnit) && !has(identifier)) {
			query.add(Patient.SP_IDENTIFIER, new TokenParam(null, mrn.getValue()));
			query.add(Patient.SP_ORGANIZATION, new ReferenceParam(unitReference(mrnUnit.getValue())));
		} else {
			throw new InvalidRequestException(HubMsg.code(3010) + OPERATION
					+ " needs a Patient id, or identifier=<system>|<value> (such as the resident ID card), or mrn with"
					+ " mrn-unit (the member unit's code)");
		}
		query.add("_tag", new TokenParam(MdmConstants.SYSTEM_GOLDEN_RECORD_STATUS, MdmConstants.CODE_GOLDEN_RECORD)
				.setModifier(TokenParamModifier.NOT));
		List<IIdType> seeds = daoRegistry.getResourceDao(Patient.class).search(query, new SystemRequestDetails())
				.getAllResources()
				.stream()
				.map(r -> r.getIdElement().toUnqualifiedVersionless())
				.toList();
		if (seeds.isEmpty()) {
			throw new ResourceNotFoundException(HubMsg.code(3011) + "no Patient with this identifier at any member unit");
		}
		return history(seeds, new Filters(category, dates, performer, count, offset), request);
	}

	private Bundle history(List<IIdType> seeds, Filters filters, RequestDetails request) {
		List<HistoryCatalog.Entry> searches = catalog.searchesFor(filters.category());
		if (filters.category() != null && searches.isEmpty()) {
			throw new InvalidRequestException(HubMsg.code(3012) + "unknown category '" + filters.category()
					+ "'; known: " + catalog.categories());
		}
		// The person is expanded once per call (what :mdm would do again in every search)
		Set<String> person = new TreeSet<>();
		for (IIdType seed : seeds) {
			person.add(seed.getIdPart());
			mdmLinks.expandMdmBySourceResourceId(RequestPartitionId.allPartitions(), seed)
					.forEach(id -> person.add(new IdType(id).getIdPart()));
		}
		String performer = filters.performer() == null ? null
				: new IdType(unitReference(filters.performer())).getIdPart();
		// one row past the page: whether there is a next page
		List<PersonTimeline.Row> rows = timeline.page(person, searches, filters.dates(), performer,
				filters.offset(), filters.count() + 1);
		boolean more = rows.size() > filters.count();
		List<PersonTimeline.Row> shown = rows.subList(0, Math.min(rows.size(), filters.count()));

		// the page and the unit Patients it belongs to (their unit is the fallback performing unit), in one load
		Set<Long> pids = new LinkedHashSet<>();
		shown.forEach(row -> pids.add(row.pid()));
		shown.forEach(row -> pids.add(row.patientPid()));
		Map<String, IBaseResource> byReference = new HashMap<>();
		for (IBaseResource resource : load(pids)) {
			byReference.put(resource.getIdElement().toUnqualifiedVersionless().getValue(), resource);
		}
		Map<String, HistoryCatalog.Entry> entryByType = new HashMap<>();
		searches.forEach(entry -> entryByType.putIfAbsent(entry.resourceType(), entry));

		Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
		String base = request.getFhirServerBase();
		for (PersonTimeline.Row row : shown) {
			IBaseResource resource = byReference.get(row.reference());
			if (resource == null) {
				// deleted between the two reads
				continue;
			}
			Bundle.BundleEntryComponent entry = bundle.addEntry()
					.setFullUrl(base + "/" + row.reference())
					.setResource((org.hl7.fhir.r4.model.Resource) resource);
			entry.getSearch().setMode(Bundle.SearchEntryMode.MATCH);
			performingUnit(resource, entryByType.get(row.resourceType()), byReference.get(row.patientReference()))
					.ifPresent(unit -> entry.addExtension(HubSystems.PERFORMING_UNIT, unit));
		}
		bundle.addLink().setRelation("self").setUrl(request.getCompleteUrl());
		if (more) {
			bundle.addLink().setRelation("next").setUrl(pageUrl(request, filters.offset() + filters.count()));
		}
		if (filters.offset() > 0) {
			bundle.addLink().setRelation("previous")
					.setUrl(pageUrl(request, Math.max(0, filters.offset() - filters.count())));
		}
		return bundle;
	}

	/** The page's resources in one batch, as HAPI loads a search page (by storage id, current versions). */
	private List<IBaseResource> load(Set<Long> storageIds) {
		if (storageIds.isEmpty()) {
			return List.of();
		}
		List<JpaPid> pids = storageIds.stream().map(JpaPid::fromId).toList();
		return transactions.withSystemRequest().read(partition -> searchBuilders
				.newSearchBuilder("Patient", Patient.class)
				.loadResourcesByPid(pids, new SystemRequestDetails()));
	}

	private Optional<Reference> performingUnit(IBaseResource resource, HistoryCatalog.Entry catalogEntry,
			IBaseResource patient) {
		for (IBase value : values(catalogEntry.resourceType(), catalogEntry.unit(), resource)) {
			if (value instanceof Reference ref && "Organization".equals(ref.getReferenceElement().getResourceType())) {
				return Optional.of(unitNames.reference(ref.getReferenceElement().getIdPart()));
			}
		}
		// No performer named: the unit that registered the Patient the result belongs to
		if (patient instanceof Patient registered && registered.getManagingOrganization().getReferenceElement().hasIdPart()) {
			return Optional.of(unitNames.reference(registered.getManagingOrganization().getReferenceElement().getIdPart()));
		}
		return Optional.empty();
	}

	private List<IBase> values(String resourceType, String searchParam, IBaseResource resource) {
		RuntimeSearchParam param = searchParams.getActiveSearchParam(resourceType, searchParam,
				ISearchParamRegistry.SearchParamLookupContextEnum.SEARCH);
		if (param == null || param.getPath() == null) {
			return List.of();
		}
		return fhirPath.get().evaluate(resource, param.getPath(), IBase.class);
	}

	private static String unitReference(String unit) {
		return unit.startsWith("Organization/") ? unit : "Organization/" + unit;
	}

	private String pageUrl(RequestDetails request, int offset) {
		String url = request.getCompleteUrl().replaceAll("([?&])_offset=[0-9]*&?", "$1").replaceAll("[?&]$", "");
		return url + (url.contains("?") ? "&" : "?") + "_offset=" + offset;
	}

	private static boolean has(StringType value) {
		return value != null && value.getValue() != null && !value.getValue().isBlank();
	}

	private final class Filters {
		private final String category;
		private final DateRangeParam dates;
		private final String performer;
		private final int count;
		private final int offset;

		Filters(StringType category, List<StringType> dates, StringType performer, IntegerType count,
				IntegerType offset) {
			this.category = has(category) ? category.getValue() : null;
			this.performer = has(performer) ? performer.getValue() : null;
			int max = properties.fhir().maxPageSize();
			this.count = count == null || count.getValue() == null
					? properties.fhir().defaultPageSize()
					: Math.min(max, count.getValue());
			this.offset = offset == null || offset.getValue() == null ? 0 : offset.getValue();
			if (this.count < 1 || this.offset < 0) {
				throw new InvalidRequestException(HubMsg.code(3013) + "_count must be >= 1 and _offset >= 0");
			}
			if (dates == null || dates.isEmpty()) {
				this.dates = null;
			} else {
				DateParam lower = null;
				DateParam upper = null;
				for (StringType date : dates) {
					DateParam param;
					try {
						param = new DateParam(date.getValue());
					} catch (RuntimeException e) {
						throw new InvalidRequestException(HubMsg.code(3014) + "date '" + date.getValue()
								+ "' is not a FHIR date search value such as ge2024-01-01 or lt2025-01-01");
					}
					ParamPrefixEnum prefix = param.getPrefix();
					if (prefix == ParamPrefixEnum.LESSTHAN || prefix == ParamPrefixEnum.LESSTHAN_OR_EQUALS) {
						upper = param;
					} else {
						lower = param;
					}
				}
				DateRangeParam range = upper == null ? new DateRangeParam(lower)
						: lower == null ? new DateRangeParam(null, upper) : new DateRangeParam(lower, upper);
				this.dates = range;
			}
		}

		String category() {
			return category;
		}

		DateRangeParam dates() {
			return dates;
		}

		String performer() {
			return performer;
		}

		int count() {
			return count;
		}

		int offset() {
			return offset;
		}
	}
}
