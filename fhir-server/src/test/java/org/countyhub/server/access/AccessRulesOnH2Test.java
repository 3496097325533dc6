package org.countyhub.server.access;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.countyhub.server.support.HubServerTest;

/** The 调阅 rules on the embedded H2 default. */
class AccessRulesOnH2Test extends HubServerTest implements AccessRulesSuite {

	@Override
	public IGenericClient client() {
		return client;
	}
}
