package org.countyhub.server.publichealth;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.countyhub.server.support.PostgresHubServerTest;

/** Issue 24's story on real PostgreSQL (embedded binaries). */
class NotifiableDiseaseOnPostgresTest extends PostgresHubServerTest implements NotifiableDiseaseStory {

	@Override
	public IGenericClient client() {
		return client;
	}
}
