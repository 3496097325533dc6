package org.countyhub.server.identity;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.countyhub.server.support.PostgresHubServerTest;

/** One person across member units, on real PostgreSQL (embedded binaries). */
class PersonAcrossUnitsOnPostgresTest extends PostgresHubServerTest implements PersonAcrossUnitsSuite {

	@Override
	public IGenericClient client() {
		return client;
	}

	@Override
	public String fhirUrl() {
		return fhirBase();
	}
}
