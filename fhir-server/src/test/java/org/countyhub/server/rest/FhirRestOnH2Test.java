package org.countyhub.server.rest;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.countyhub.server.support.HubServerTest;

/** The REST suite on the embedded default database (H2 file). */
class FhirRestOnH2Test extends HubServerTest implements FhirRestSuite {

	@Override
	public IGenericClient client() {
		return client;
	}
}
