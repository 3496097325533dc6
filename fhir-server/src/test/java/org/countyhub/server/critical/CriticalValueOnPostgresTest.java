package org.countyhub.server.critical;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.countyhub.server.support.PostgresHubServerTest;

/** Issue 23's story on real PostgreSQL (embedded binaries). */
class CriticalValueOnPostgresTest extends PostgresHubServerTest implements CriticalValueStory {

	@Override
	public IGenericClient client() {
		return client;
	}
}
