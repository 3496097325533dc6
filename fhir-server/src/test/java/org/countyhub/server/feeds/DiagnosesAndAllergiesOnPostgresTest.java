package org.countyhub.server.feeds;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.countyhub.server.support.PostgresHubServerTest;

/** Diagnoses and allergies from the HIS feed on real PostgreSQL (embedded binaries). */
class DiagnosesAndAllergiesOnPostgresTest extends PostgresHubServerTest implements DiagnosesAndAllergiesSuite {

	@Override
	public IGenericClient client() {
		return client;
	}
}
