package org.countyhub.server.workflow;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.countyhub.server.support.PostgresHubServerTest;

/** The workflow rules in FHIR transaction Bundles, on real PostgreSQL (embedded binaries). */
class WorkflowTransactionsOnPostgresTest extends PostgresHubServerTest implements WorkflowTransactions {

	@Override
	public IGenericClient client() {
		return client;
	}
}
