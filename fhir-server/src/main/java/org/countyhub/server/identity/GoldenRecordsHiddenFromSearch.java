package org.countyhub.server.identity;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.mdm.api.MdmConstants;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.TokenParamModifier;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.rest.server.util.ICachedSearchDetails;

/**
 * A member unit's HIS searching {@code Patient?...} must see the Patients the units registered, not MDM's golden
 * Patients as extra people. REST searches on Patient therefore get {@code _tag:not=<golden record tag>} unless the
 * client asks for golden records itself (any {@code _tag} or {@code _id} parameter) — a clinician or the MDM
 * review can still read them. The hub's own internal searches (MDM candidate search, survivorship) are left
 * alone: they do not come through the servlet.
 */
@Interceptor
final class GoldenRecordsHiddenFromSearch {

	@Hook(Pointcut.STORAGE_PRESEARCH_REGISTERED)
	void hideGoldenRecords(RequestDetails request, SearchParameterMap map, ICachedSearchDetails search) {
		if (!"Patient".equals(search.getResourceType()) || !(request instanceof ServletRequestDetails)) {
			return;
		}
		// Operations ($everything, $summary, the history) resolve Patients themselves; an explicit _tag or _id
		// means the client knows what it asks for.
		if (map.containsKey(Constants.PARAM_TAG) || map.containsKey("_id") || request.getOperation() != null) {
			return;
		}
		map.add(
				Constants.PARAM_TAG,
				new TokenParam(MdmConstants.SYSTEM_GOLDEN_RECORD_STATUS, MdmConstants.CODE_GOLDEN_RECORD)
						.setModifier(TokenParamModifier.NOT));
	}
}
