package org.countyhub.server.access;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.countyhub.server.support.PostgresHubServerTest;

/** The 调阅 rules on real PostgreSQL (embedded binaries). */
class AccessRulesOnPostgresTest extends PostgresHubServerTest implements AccessRulesSuite {

	@Override
	public IGenericClient client() {
		return client;
	}
}
