package org.countyhub.server.county;

import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import org.countyhub.county.CountyDirectory;
import org.countyhub.county.MemberUnitOrganizations;
import org.countyhub.server.config.HubProperties;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Organization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Writes the county's member units as Organizations at start, in one transaction, by id: a restart with the
 * same files changes nothing (no new versions), an edited file updates its unit. Runs before the hub reports
 * itself ready, so the registry is complete when feeds and clients are let in.
 */
@Component
class MemberUnitRegistration implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(MemberUnitRegistration.class);

	private final CountyDirectory directory;
	private final IFhirSystemDao<Bundle, Meta> systemDao;
	private final HubProperties properties;

	MemberUnitRegistration(CountyDirectory directory, IFhirSystemDao<Bundle, Meta> systemDao, HubProperties properties) {
		this.directory = directory;
		this.systemDao = systemDao;
		this.properties = properties;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!properties.county().load()) {
			log.info("hub.county.load=false: member units are not written from {}", properties.county().location());
			return;
		}
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (Organization org : MemberUnitOrganizations.of(directory)) {
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
}
