package org.countyhub.server.prescription;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.countyhub.server.support.PostgresHubServerTest;

/** Issue 25's story on real PostgreSQL (embedded binaries). */
class PrescriptionOnPostgresTest extends PostgresHubServerTest implements PrescriptionStory {

	@Override
	public IGenericClient client() {
		return client;
	}
}
