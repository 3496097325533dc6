package org.countyhub.server.identity;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.mdm.api.MdmConstants;
import ca.uhn.fhir.mdm.util.MdmResourceUtil;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.SummaryEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.TokenParamModifier;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.rest.server.util.ICachedSearchDetails;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * A member unit's HIS searching {@code Patient?...} must see the Patients the units registered, not MDM's golden
 * Patients as extra people. They are left out of the answers of REST searches (and their further pages) unless
 * the client asks for golden records itself (any {@code _tag} or {@code _id} parameter) — a clinician or the MDM
 * review can still read them; operations ({@code $everything}, {@code $summary}, the history) resolve Patients
 * themselves, and the hub's own internal searches (MDM candidate search, survivorship) do not come through the
 * servlet. Left out of the answer, not out of the query: a {@code _tag:not} criterion made PostgreSQL scan every
 * resource for each Patient search (0.1–0.4 s each at 430,000 resources, docs/console.md). Ordered first, so the
 * access records and the rules never see the records left out. A search that asks for a count ({@code _summary=count},
 * {@code _total}) keeps the criterion: a count cannot be corrected after the query, and counts are rare.
 */
@Interceptor
final class GoldenRecordsHiddenFromSearch {

	private static final Set<RestOperationTypeEnum> SEARCHES =
			Set.of(RestOperationTypeEnum.SEARCH_TYPE, RestOperationTypeEnum.SEARCH_SYSTEM, RestOperationTypeEnum.GET_PAGE);

	@Hook(Pointcut.STORAGE_PRESEARCH_REGISTERED)
	void leaveGoldenRecordsOutOfCounts(RequestDetails request, SearchParameterMap map, ICachedSearchDetails search) {
		boolean counted = map.getSearchTotalMode() != null || map.getSummaryMode() == SummaryEnum.COUNT;
		if (counted && "Patient".equals(search.getResourceType()) && applies(request)) {
			map.add(Constants.PARAM_TAG,
					new TokenParam(MdmConstants.SYSTEM_GOLDEN_RECORD_STATUS, MdmConstants.CODE_GOLDEN_RECORD)
							.setModifier(TokenParamModifier.NOT));
		}
	}

	@Hook(value = Pointcut.STORAGE_PRESHOW_RESOURCES, order = -1000)
	void hideGoldenRecords(RequestDetails request, IPreResourceShowDetails shown) {
		if (!applies(request)) {
			return;
		}
		for (int i = 0; i < shown.size(); i++) {
			IBaseResource resource = shown.getResource(i);
			if (resource != null && "Patient".equals(resource.fhirType()) && MdmResourceUtil.isGoldenRecord(resource)) {
				shown.setResource(i, null);
			}
		}
	}

	/** A REST search of the units' kind: not an operation, not one naming tags or ids itself. */
	private static boolean applies(RequestDetails request) {
		return request instanceof ServletRequestDetails && SEARCHES.contains(request.getRestOperationType())
				&& request.getOperation() == null && !request.getParameters().containsKey(Constants.PARAM_TAG)
				&& !request.getParameters().containsKey("_id");
	}
}
