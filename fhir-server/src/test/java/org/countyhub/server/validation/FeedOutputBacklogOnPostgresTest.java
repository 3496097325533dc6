package org.countyhub.server.validation;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.countyhub.server.support.PostgresHubServerTest;

/** The after-ack suite on real PostgreSQL: the backlog rows are written on the transaction's own connection. */
class FeedOutputBacklogOnPostgresTest extends PostgresHubServerTest implements FeedOutputBacklogSuite {

	@Override
	public IGenericClient client() {
		return client;
	}
}
