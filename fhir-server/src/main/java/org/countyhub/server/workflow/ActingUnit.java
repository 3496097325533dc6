package org.countyhub.server.workflow;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.util.Optional;
import org.countyhub.county.CountyDirectory;
import org.countyhub.county.MemberUnit;
import org.countyhub.profiles.HubMsg;
import org.countyhub.server.security.token.HubCaller;
import org.springframework.stereotype.Component;

/**
 * Which member unit is acting in a request: the one unit the caller's verified token carries, or, when the token
 * carries several, the one of them the {@code X-Hub-Unit} header names (its MSH-4 code; a header naming a unit
 * the token does not carry is refused before any rule runs, see security.access.ActingUnitHeaderCheck). The
 * workflow rules never read headers or tokens themselves.
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

	/**
	 * The acting unit of an external request; refuses (403) a request whose token carries no unit, or several
	 * without the header choosing one. The hub's own requests ({@link SystemRequestDetails}) name their unit in
	 * the header.
	 */
	public MemberUnit require(RequestDetails request, String forWhat) {
		return declared(chosenCode(request, true).orElseThrow(() -> new ForbiddenOperationException(HubMsg.code(5001)
				+ forWhat + " needs the acting unit: a token with one unit, or the " + HEADER + " header naming one of"
				+ " the token's units (its MSH-4 code)")));
	}

	/**
	 * The acting unit when the request has one, as {@link #require} finds it; empty for a request without a verified
	 * caller, whose token carries several units and no header chooses one, or whose unit is not declared.
	 */
	public Optional<MemberUnit> chosen(RequestDetails request) {
		return chosenCode(request, false).flatMap(directory::byCode);
	}

	private Optional<String> chosenCode(RequestDetails request, boolean callerRequired) {
		String header = request == null ? null : request.getHeader(HEADER);
		String code = header == null || header.isBlank() ? null : header.trim();
		if (!(request instanceof SystemRequestDetails)) {
			Optional<HubCaller> caller = HubCaller.current();
			if (caller.isEmpty()) {
				if (callerRequired) {
					throw new ForbiddenOperationException(HubMsg.code(5415) + "the request carries no verified caller");
				}
				return Optional.empty();
			}
			if (code != null && !caller.get().units().contains(code)) {
				throw new ForbiddenOperationException(HubMsg.code(5414) + HEADER + " names a unit the caller's token"
						+ " does not carry (its units: " + caller.get().units() + ")");
			}
			if (code == null && caller.get().units().size() == 1) {
				code = caller.get().units().get(0);
			}
		}
		return Optional.ofNullable(code);
	}

	private MemberUnit declared(String code) {
		return directory.byCode(code).orElseThrow(() -> new ForbiddenOperationException(HubMsg.code(5002)
				+ "'" + code + "' is not a member unit of the county"));
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
