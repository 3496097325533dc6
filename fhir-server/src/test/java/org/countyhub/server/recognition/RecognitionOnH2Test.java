package org.countyhub.server.recognition;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.countyhub.server.support.HubServerTest;
import org.countyhub.server.support.TestClock;
import org.springframework.beans.factory.annotation.Autowired;

/** The recognition rules on the embedded H2 default. */
class RecognitionOnH2Test extends HubServerTest implements RecognitionRulesSuite {

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
