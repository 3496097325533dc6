package org.countyhub.server.county;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
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
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Writes the county's member units as Organizations at start, in one transaction, by id: a restart with the
 * same files changes nothing (no new versions), an edited file updates its unit. Runs as a lifecycle phase
 * before the web server opens its port, so the registry is complete when feeds and clients are let in.
 */
@Component
class MemberUnitRegistration implements SmartLifecycle {

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

	private volatile boolean running;

	@Override
	public int getPhase() {
		// before the web server (Integer.MAX_VALUE - 1) and any feed listener
		return 0;
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	@Override
	public void stop() {
		running = false;
	}

	@Override
	public void start() {
		running = true;
		register();
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
		Bundle response = systemDao.transaction(new SystemRequestDetails(), transaction);
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
