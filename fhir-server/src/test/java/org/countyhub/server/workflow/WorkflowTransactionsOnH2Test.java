package org.countyhub.server.workflow;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.countyhub.server.support.HubServerTest;

/** The workflow rules in FHIR transaction Bundles, on the embedded H2 database. */
class WorkflowTransactionsOnH2Test extends HubServerTest implements WorkflowTransactions {

	@Override
	public IGenericClient client() {
		return client;
	}
}
