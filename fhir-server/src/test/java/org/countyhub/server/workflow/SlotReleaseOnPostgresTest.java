package org.countyhub.server.workflow;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.countyhub.server.support.PostgresHubServerTest;

/** Slots given back by cancelled, no-show and deleted bookings, on real PostgreSQL (embedded binaries). */
class SlotReleaseOnPostgresTest extends PostgresHubServerTest implements SlotRelease {

	@Override
	public IGenericClient client() {
		return client;
	}
}
