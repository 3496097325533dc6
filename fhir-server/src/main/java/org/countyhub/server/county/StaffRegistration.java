package org.countyhub.server.county;

import ca.uhn.fhir.IHapiBootOrder;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import org.countyhub.county.CountyDirectory;
import org.countyhub.server.config.HubProperties;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/**
 * Writes the county's staff directory ({@value StaffDirectory#FILE} in the county folder, optional) as
 * Practitioners and PractitionerRoles at start, in one transaction, by id, right after the member units they
 * name: a restart with the same file writes no new versions; an edited entry updates its resource. Entries removed
 * from the file are not deleted (their history stays referenced by Tasks and reports); set {@code active: false}
 * over FHIR instead.
 */
@Component
class StaffRegistration {

	private static final Logger log = LoggerFactory.getLogger(StaffRegistration.class);

	private final CountyDirectory county;
	private final HubProperties properties;
	private final ResourceLoader resources;
	private final IFhirSystemDao<Bundle, Meta> systemDao;
	private final AtomicBoolean done = new AtomicBoolean();

	StaffRegistration(CountyDirectory county, HubProperties properties, ResourceLoader resources,
			IFhirSystemDao<Bundle, Meta> systemDao) {
		this.county = county;
		this.properties = properties;
		this.resources = resources;
		this.systemDao = systemDao;
	}

	@EventListener(ContextRefreshedEvent.class)
	@Order(IHapiBootOrder.REGISTER_INTERCEPTORS + 3)
	public void start() throws IOException {
		if (!done.compareAndSet(false, true) || !properties.county().load()) {
			return;
		}
		String location = properties.county().location().replaceAll("/+$", "") + "/" + StaffDirectory.FILE;
		org.springframework.core.io.Resource file = resources.getResource(location);
		if (!file.exists()) {
			log.info("No staff directory at {}: Practitioners and PractitionerRoles are managed over FHIR", location);
			return;
		}
		StaffDirectory staff;
		try (InputStream in = file.getInputStream()) {
			staff = StaffDirectory.read(in, location, county);
		}
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (Resource resource : staff.resources()) {
			transaction.addEntry().setResource(resource).getRequest().setMethod(Bundle.HTTPVerb.PUT)
					.setUrl(resource.fhirType() + "/" + resource.getIdPart());
		}
		systemDao.transaction(new SystemRequestDetails(), transaction);
		log.info("Staff directory: {} practitioners and roles written from {}", staff.resources().size(), location);
	}
}
