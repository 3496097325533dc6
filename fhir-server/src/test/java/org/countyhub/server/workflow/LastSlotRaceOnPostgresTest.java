package org.countyhub.server.workflow;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.countyhub.server.support.PostgresHubServerTest;

/** The last-slot race on real PostgreSQL (embedded binaries). */
class LastSlotRaceOnPostgresTest extends PostgresHubServerTest implements LastSlotRace {

	@Override
	public IGenericClient client() {
		return client;
	}

	@Override
	public String fhirBase() {
		return super.fhirBase();
	}
}
