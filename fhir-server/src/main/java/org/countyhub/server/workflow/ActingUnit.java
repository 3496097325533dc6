package org.countyhub.server.workflow;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.util.Optional;
import org.countyhub.county.CountyDirectory;
import org.countyhub.county.MemberUnit;
import org.countyhub.profiles.HubMsg;
import org.springframework.stereotype.Component;

/**
 * Which member unit is acting in a request. For now the unit names itself in the {@code X-Hub-Unit} header
 * (its MSH-4 code); this class is the one seam where authentication (a client certificate or token naming the
 * unit) will plug in, so the workflow rules never read headers themselves.
 */
@Component
public class ActingUnit {

	public static final String HEADER = "X-Hub-Unit";

	private final CountyDirectory directory;

	ActingUnit(CountyDirectory directory) {
		this.directory = directory;
	}

	/** True for the hub's own writes (feeds, workflow rules), which act on no unit's behalf and are trusted. */
	public static boolean isInternal(RequestDetails request) {
		return request == null || (request instanceof SystemRequestDetails && request.getHeader(HEADER) == null);
	}

	/** The acting unit of an external request; refuses (403) a request that names none or an unknown one. */
	public MemberUnit require(RequestDetails request, String forWhat) {
		String code = request == null ? null : request.getHeader(HEADER);
		if (code == null || code.isBlank()) {
			throw new ForbiddenOperationException(HubMsg.code(5001) + forWhat + " needs the acting unit in the "
					+ HEADER + " header (its MSH-4 code)");
		}
		return directory.byCode(code.trim()).orElseThrow(() -> new ForbiddenOperationException(HubMsg.code(5002)
				+ HEADER + " '" + code.trim() + "' is not a member unit of the county"));
	}

	/** A declared unit by its code (MSH-4); for codes taken from validated settings. */
	public MemberUnit byCode(String code) {
		return directory.byCode(code).orElseThrow(() -> new IllegalStateException("unit " + code + " not declared"));
	}

	public Optional<MemberUnit> ofCode(String code) {
		return directory.byCode(code);
	}

	/** The member unit whose Organization a reference like {@code Organization/WSY01} points to. */
	public Optional<MemberUnit> ofOrganization(String reference) {
		if (reference == null || !reference.startsWith("Organization/")) {
			return Optional.empty();
		}
		String id = reference.substring("Organization/".length());
		return directory.units().stream().filter(u -> u.id().equals(id)).findFirst();
	}
}
