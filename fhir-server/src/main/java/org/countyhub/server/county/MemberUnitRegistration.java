package org.countyhub.server.county;

import ca.uhn.fhir.IHapiBootOrder;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.countyhub.profiles.HubMsg;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.IdType;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import org.countyhub.county.CountyDirectory;
import org.countyhub.county.MemberUnitOrganizations;
import org.countyhub.server.config.HubProperties;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Organization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Writes the county's member units as Organizations at start, in one transaction, by id: a restart with the
 * same files changes nothing (no new versions), an edited file updates its unit. Runs once the guide is installed
 * and enforced (HAPI's interceptor slot of the context refresh, after {@code ProfileEnforcement} and the index
 * settings), so the registry is checked like every other write, and before the feeds start (Camel starts last
 * in that event) and before the hub reports itself ready (REST clients get 503 until then). A county file that
 * does not conform to the guide stops the start with the validator's reason: better than a registry that is
 * only checked when a unit is next edited.
 */
@Component
class MemberUnitRegistration {

	private static final Logger log = LoggerFactory.getLogger(MemberUnitRegistration.class);

	private final CountyDirectory directory;
	private final IFhirSystemDao<Bundle, Meta> systemDao;
	private final HubProperties properties;
	private final IFhirResourceDao<Organization> organizations;

	MemberUnitRegistration(
			CountyDirectory directory,
			IFhirSystemDao<Bundle, Meta> systemDao,
			HubProperties properties,
			IFhirResourceDao<Organization> organizations) {
		this.directory = directory;
		this.systemDao = systemDao;
		this.properties = properties;
		this.organizations = organizations;
	}

	private final AtomicBoolean done = new AtomicBoolean();

	@EventListener(ContextRefreshedEvent.class)
	@Order(IHapiBootOrder.REGISTER_INTERCEPTORS + 2)
	public void start() {
		if (done.compareAndSet(false, true)) {
			register();
		}
	}

	private void register() {
		if (!properties.county().load()) {
			log.info("hub.county.load=false: member units are not written from {}", properties.county().location());
			return;
		}
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (Organization org : MemberUnitOrganizations.of(directory)) {
			keepQualifications(org);
			transaction.addEntry()
					.setResource(org)
					.getRequest()
					.setMethod(Bundle.HTTPVerb.PUT)
					.setUrl("Organization/" + org.getIdPart());
		}
		Bundle response;
		try {
			response = systemDao.transaction(new SystemRequestDetails(), transaction);
		} catch (UnprocessableEntityException refused) {
			throw new IllegalStateException(HubMsg.code(1105) + "the county files at " + properties.county().location()
					+ " describe a member unit the guide refuses: " + refused.getMessage(), refused);
		}
		log.info("Member unit registry: {} organisations written from {}", response.getEntry().size(),
				properties.county().location());
	}

	/**
	 * A unit's recognition qualifications (互认资质) are managed over FHIR, not in the county files: carry the stored
	 * ones over, so that a restart neither withdraws them nor re-evaluates the unit's results.
	 */
	private void keepQualifications(Organization fromFiles) {
		try {
			Organization stored = organizations.read(new IdType("Organization", fromFiles.getIdPart()), new SystemRequestDetails());
			stored.getExtensionsByUrl(HubSystems.RECOGNITION_QUALIFICATION_EXTENSION)
					.forEach(q -> fromFiles.addExtension(q.copy()));
		} catch (ResourceNotFoundException | ResourceGoneException firstStart) {
			// nothing stored yet for this unit
		}
	}
}
