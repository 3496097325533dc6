package org.countyhub.server.feeds;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.util.UrlUtil;
import java.time.Instant;
import java.util.List;
import org.countyhub.feeds.fhir.FeedUpdate;
import org.countyhub.profiles.HubMsg;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies HL7 v2 update semantics where HAPI writes a feed's update of a stored record: in the storage hook, inside
 * the feed's transaction, with the version being replaced at hand (no extra read). The entry's resource is what the
 * message says; it becomes the stored version merged with it ({@link FeedRecordMerge}). A message older than what
 * the record was made from (beyond the unit's clock-skew tolerance) only fills what the record lacks; that is
 * logged ({@code HUB-2101}). Two messages updating one record at once are kept apart by HAPI's version check.
 * Writes that do not come from a feed's update (REST; a result's Observations, which an OBX states whole) carry no
 * {@link FeedUpdate} and pass as they are.
 */
@Interceptor
final class FeedUpdateMerging {

	private static final Logger log = LoggerFactory.getLogger(FeedUpdateMerging.class);
	/** Before every other hook that reads the resource (workflow rules, profile assignment, validation). */
	private static final int FIRST = -1000;

	private final FhirContext fhirContext;
	private final DaoRegistry daoRegistry;
	private final FeedRecordMerge merge;
	private final FeedRecordTimes times;

	FeedUpdateMerging(FhirContext fhirContext, DaoRegistry daoRegistry, FeedRecordTimes times) {
		this.fhirContext = fhirContext;
		this.daoRegistry = daoRegistry;
		this.merge = new FeedRecordMerge(fhirContext);
		this.times = times;
	}

	/** Moves the updates a feed's transaction carries on its entries onto the resources the hooks will see. */
	static void carry(Bundle transaction) {
		for (Bundle.BundleEntryComponent entry : transaction.getEntry()) {
			FeedUpdate.takeFrom(entry.getRequest()).ifPresent(update -> entry.getResource().setUserData(FeedUpdate.URL, update));
		}
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = FIRST)
	void updating(IBaseResource stored, IBaseResource incoming) {
		if (!(incoming.getUserData(FeedUpdate.URL) instanceof FeedUpdate update)) {
			return;
		}
		String type = fhirContext.getResourceType(incoming);
		String id = stored.getIdElement().getIdPart();
		Instant madeFrom = times.madeFrom(type, id).orElse(null);
		boolean late = madeFrom != null && update.messageTime() != null
				&& update.messageTime().plus(update.clockSkew()).isBefore(madeFrom);
		if (late) {
			log.info("{}{} is older than the message {}/{} was last made from ({}): applied only where it was empty",
					HubMsg.code(2101), ((Resource) incoming).getMeta().getSource(), type, id, madeFrom);
		}
		Resource merged = merge.merge((Resource) stored, (Resource) incoming, update, late, this::resolve, this::identify);
		replaceContent((Resource) incoming, merged);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	void created(IBaseResource resource) {
		// a new record has no time yet: one insert (every new lab report comes this way)
		if (resource.getUserData(FeedUpdate.URL) instanceof FeedUpdate update && update.messageTime() != null) {
			times.created(fhirContext.getResourceType(resource), resource.getIdElement().getIdPart(), update.messageTime());
		}
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	void updated(IBaseResource previous, IBaseResource resource) {
		recordTime(resource);
	}

	private void recordTime(IBaseResource resource) {
		if (resource.getUserData(FeedUpdate.URL) instanceof FeedUpdate update && update.messageTime() != null) {
			times.madeFrom(fhirContext.getResourceType(resource), resource.getIdElement().getIdPart(), update.messageTime());
		}
	}

	/** HAPI stores the object it handed to the hook: its content becomes the merged version's. */
	private void replaceContent(Resource target, Resource merged) {
		for (BaseRuntimeChildDefinition child : fhirContext.getResourceDefinition(target).getChildren()) {
			String name = child.getElementName();
			if (name.equals("id") || name.equals("meta")) {
				continue;
			}
			List<IBase> values = child.getAccessor().getValues(merged);
			child.getMutator().setValue(target, null);
			values.forEach(value -> child.getMutator().addValue(target, value));
		}
	}

	/** The first business identifier of a stored record ({@code Observation/12}); null when it cannot be read. */
	private Identifier identify(String reference) {
		IdType id = new IdType(reference);
		if (!id.hasResourceType() || !id.hasIdPart() || !daoRegistry.isResourceTypeSupported(id.getResourceType())) {
			return null;
		}
		try {
			IBaseResource found = daoRegistry.getResourceDao(id.getResourceType()).read(id.toUnqualifiedVersionless(),
					new SystemRequestDetails());
			List<Identifier> identifiers = fhirContext.newTerser().getValues(found, "identifier", Identifier.class);
			return identifiers.isEmpty() ? null : identifiers.get(0);
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return null;
		}
	}

	/** {@code Type?identifier=system|value} (as the translators write it) to {@code Type/id}; null otherwise. */
	private String resolve(String conditional) {
		int question = conditional.indexOf('?');
		String query = conditional.substring(question + 1);
		if (!query.startsWith("identifier=") || query.contains("&")) {
			return null;
		}
		String token = UrlUtil.unescape(query.substring("identifier=".length()));
		int bar = token.indexOf('|');
		if (bar < 0) {
			return null;
		}
		String type = conditional.substring(0, question);
		IFhirResourceDao<IBaseResource> dao = daoRegistry.getResourceDao(type);
		List<IBaseResource> found = dao.search(SearchParameterMap.newSynchronous("identifier",
						new TokenParam(token.substring(0, bar), token.substring(bar + 1))), new SystemRequestDetails())
				.getAllResources();
		return found.size() == 1 ? type + "/" + found.get(0).getIdElement().getIdPart() : null;
	}
}
