package org.countyhub.server.identity;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.countyhub.server.support.HubServerTest;

/** One person across member units, on the embedded H2 default. */
class PersonAcrossUnitsOnH2Test extends HubServerTest implements PersonAcrossUnitsSuite {

	@Override
	public IGenericClient client() {
		return client;
	}

	@Override
	public String fhirUrl() {
		return fhirBase();
	}
}
