package org.countyhub.server.feeds;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.countyhub.server.support.HubServerTest;

/** Diagnoses and allergies from the HIS feed on the embedded H2 default. */
class DiagnosesAndAllergiesOnH2Test extends HubServerTest implements DiagnosesAndAllergiesSuite {

	@Override
	public IGenericClient client() {
		return client;
	}
}
