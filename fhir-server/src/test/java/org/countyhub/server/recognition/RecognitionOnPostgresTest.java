package org.countyhub.server.recognition;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.countyhub.server.support.PostgresHubServerTest;
import org.countyhub.server.support.TestClock;
import org.springframework.beans.factory.annotation.Autowired;

/** The recognition rules on real PostgreSQL (date and token indexes, time zones as the database sees them). */
class RecognitionOnPostgresTest extends PostgresHubServerTest implements RecognitionRulesSuite {

	@Autowired
	TestClock clock;

	@Override
	public IGenericClient client() {
		return client;
	}

	@Override
	public TestClock clock() {
		return clock;
	}
}
