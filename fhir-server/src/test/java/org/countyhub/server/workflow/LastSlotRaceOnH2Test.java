package org.countyhub.server.workflow;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.countyhub.server.support.HubServerTest;

/** The last-slot race on the embedded H2 database. */
class LastSlotRaceOnH2Test extends HubServerTest implements LastSlotRace {

	@Override
	public IGenericClient client() {
		return client;
	}

	@Override
	public String fhirBase() {
		return super.fhirBase();
	}
}
