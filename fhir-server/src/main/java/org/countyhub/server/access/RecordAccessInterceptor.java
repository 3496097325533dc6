package org.countyhub.server.access;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.util.ICachedSearchDetails;
import java.util.Map;
import org.countyhub.profiles.HubMsg;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentInterceptor;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentOutcome;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentContextServices;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentService;
import java.util.Optional;
import org.countyhub.server.rest.RestInterceptor;
import org.countyhub.server.security.token.HubCaller;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The 调阅 rules on every FHIR request of a person or unit system, through HAPI's {@link ConsentInterceptor}: each
 * resource a read, search ({@code _include}, {@code _revinclude}, chains, paging), {@code $everything} or one of
 * the hub's operations would return is shown only if the caller may see the records of every patient it belongs
 * to ({@link PersonAccess}), and a record with a sensitive label only if the decision shows that label. Hidden
 * resources are left out as if they did not exist (a read answers 404), never a 403 that tells they exist. The
 * hub's own requests (feeds, workflow rules) are not concerned; with {@code hub.access.enabled=false} nothing is.
 */
@Component
class RecordAccessInterceptor extends ConsentInterceptor implements RestInterceptor {

	private static final Logger log = LoggerFactory.getLogger(RecordAccessInterceptor.class);

	private final PersonAccess access;
	private final boolean enabled;

	RecordAccessInterceptor(PersonAccess access, RecordVisibility visibility, AccessProperties properties) {
		super(new Rules(access, visibility, properties.enabled()));
		this.access = access;
		this.enabled = properties.enabled();
		log.info("调阅 rules interceptor {}", properties.enabled() ? "on" : "off");
	}

	/**
	 * Before HAPI's own hook: a request the rules do not concern (rules off, the hub's own, a caller who sees
	 * everything) skips the consent machinery entirely, so that it keeps what HAPI refuses under consent
	 * ({@code _summary=count}, {@code _total=accurate}) and costs nothing.
	 */
	@Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, order = -10)
	public void beforeConsent(RequestDetails request) {
		Optional<HubCaller> caller = HubCaller.current();
		if (!enabled || caller.isEmpty() || access.standing(caller.get()) == PersonAccess.Standing.ALL) {
			ConsentInterceptor.skipAllConsentForRequest(request);
		}
	}

	/** Who opened each search (its id, as in paging links), for {@link #pageOfAnotherUser}; the newest kept. */
	private final Map<String, String> searchOwners = java.util.Collections.synchronizedMap(
			new java.util.LinkedHashMap<>(1024, 0.75f, false) {
				@Override
				protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
					return size() > MAX_SEARCHES;
				}
			});

	private static final int MAX_SEARCHES = 20_000;

	@Hook(Pointcut.STORAGE_PRESEARCH_REGISTERED)
	public void searchOpened(ICachedSearchDetails search, RequestDetails request) {
		HubCaller.current().ifPresent(caller -> searchOwners.put(search.getUuid(), caller.subject()));
	}

	/**
	 * A paging link is the user's own: a person or system under the rules fetching a page of a search another
	 * user opened is refused (403 {@code HUB-5811}; the page would be narrowed for it anyway). Searches opened on
	 * another instance of the hub are not known here and are only narrowed.
	 */
	@Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, order = -9)
	public void pageOfAnotherUser(RequestDetails request, RestOperationTypeEnum operation) {
		if (!enabled || operation != RestOperationTypeEnum.GET_PAGE) {
			return;
		}
		String[] ids = request.getParameters().get(Constants.PARAM_PAGINGACTION);
		Optional<HubCaller> caller = HubCaller.current();
		if (ids == null || ids.length == 0 || caller.isEmpty()
				|| access.standing(caller.get()) == PersonAccess.Standing.ALL) {
			return;
		}
		String owner = searchOwners.get(ids[0]);
		if (owner != null && !owner.equals(caller.get().subject())) {
			throw new ForbiddenOperationException(HubMsg.code(5811) + "this page belongs to a search another user"
					+ " opened; run the search yourself");
		}
	}

	/**
	 * After HAPI's own hook: a Bundle that an operation assembled keeps an entry whose resource the rules hid (HAPI
	 * empties it and leaves its fullUrl), which would still tell that the record exists; such entries are removed —
	 * also from history bundles, whose entries carry a request and response. Kept: the entries of a transaction or
	 * batch answer (a response, no resource) and a history's deletions (no resource by nature). Ordered late: HAPI's
	 * consent hook blanks the entries in the same pointcut and must have run first.
	 */
	@Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = 1000)
	public void dropHiddenEntries(RequestDetails request, ResponseDetails response) {
		if (enabled && response.getResponseResource() instanceof Bundle bundle
				&& bundle.getType() != Bundle.BundleType.TRANSACTIONRESPONSE
				&& bundle.getType() != Bundle.BundleType.BATCHRESPONSE) {
			bundle.getEntry().removeIf(entry -> !entry.hasResource()
					&& !(entry.hasRequest() && entry.getRequest().getMethod() == Bundle.HTTPVerb.DELETE));
		}
	}

	/** The consent service: one decision per patient and request, taken by {@link RecordVisibility}. */
	static final class Rules implements IConsentService {

		private final PersonAccess access;
		private final RecordVisibility visibility;
		private final boolean enabled;

		Rules(PersonAccess access, RecordVisibility visibility, boolean enabled) {
			this.access = access;
			this.visibility = visibility;
			this.enabled = enabled;
		}

		@Override
		public ConsentOutcome startOperation(RequestDetails request, IConsentContextServices services) {
			Optional<HubCaller> caller = HubCaller.current();
			if (!enabled || caller.isEmpty()) {
				return ConsentOutcome.AUTHORIZED;
			}
			return access.standing(caller.get()) == PersonAccess.Standing.ALL ? ConsentOutcome.AUTHORIZED
					: ConsentOutcome.PROCEED;
		}

		@Override
		public ConsentOutcome canSeeResource(RequestDetails request, IBaseResource resource,
				IConsentContextServices services) {
			return decide(request, resource);
		}

		@Override
		public ConsentOutcome willSeeResource(RequestDetails request, IBaseResource resource,
				IConsentContextServices services) {
			// AuditEvents are the hub's access records, given only by its operations that decide who gets them
			if (resource instanceof IBaseBundle || resource instanceof OperationOutcome
					|| resource instanceof Parameters || resource instanceof AuditEvent) {
				return ConsentOutcome.PROCEED;
			}
			return decide(request, resource);
		}

		private ConsentOutcome decide(RequestDetails request, IBaseResource resource) {
			Optional<HubCaller> caller = HubCaller.current();
			if (caller.isEmpty() || resource == null) {
				return ConsentOutcome.PROCEED;
			}
			return visibility.decidedFor(request, caller.get(), resource) ? ConsentOutcome.PROCEED
					: ConsentOutcome.REJECT;
		}
	}
}
