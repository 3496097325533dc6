package org.countyhub.server.audit;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.r4.model.Coding;

/**
 * The R4 {@code restful-interaction} code of a FHIR request, for the subtype of the hub's own access records. HAPI
 * names more kinds of request than R4's code system has: its operations ({@code extended-operation-*}) are R4's
 * {@code operation}, fetching a page of a search is the search it continues, and the rest map to R4's parent
 * codes, so that the records validate against base R4.
 */
final class RestInteractions {

	private RestInteractions() {}

	static Coding of(RequestDetails request) {
		return HubAuditEvents.interaction(code(request.getRestOperationType(), request.getResourceName()));
	}

	/** The R4 code for a HAPI request type; {@code resourceName} tells a type-level page from a system-level one. */
	static String code(RestOperationTypeEnum type, String resourceName) {
		if (type == null) {
			// refused before HAPI knew what was asked: the request as a whole
			return "operation";
		}
		return switch (type) {
			case READ, VREAD, UPDATE, PATCH, DELETE, CREATE, HISTORY_INSTANCE, HISTORY_TYPE, HISTORY_SYSTEM,
					SEARCH_TYPE, SEARCH_SYSTEM, TRANSACTION, BATCH -> type.getCode();
			case GET_PAGE -> resourceName == null || resourceName.isEmpty() ? "search-system" : "search-type";
			case METADATA -> "capabilities";
			default -> "operation";
		};
	}
}
