package org.countyhub.server.rest;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.countyhub.server.support.PostgresHubServerTest;

/** The REST suite on real PostgreSQL (embedded binaries). */
class FhirRestOnPostgresTest extends PostgresHubServerTest implements FhirRestSuite {

	@Override
	public IGenericClient client() {
		return client;
	}
}
