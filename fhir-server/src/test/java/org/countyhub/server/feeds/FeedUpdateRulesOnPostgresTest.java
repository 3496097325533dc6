package org.countyhub.server.feeds;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.countyhub.server.support.PostgresHubServerTest;

/** Issue 19's feed update rules on real PostgreSQL (embedded binaries). */
class FeedUpdateRulesOnPostgresTest extends PostgresHubServerTest implements FeedUpdateRulesSuite {

	@Override
	public IGenericClient client() {
		return client;
	}
}
