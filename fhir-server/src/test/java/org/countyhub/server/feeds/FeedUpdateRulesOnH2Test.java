package org.countyhub.server.feeds;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.countyhub.server.support.HubServerTest;

/** Issue 19's feed update rules on the embedded H2 default. */
class FeedUpdateRulesOnH2Test extends HubServerTest implements FeedUpdateRulesSuite {

	@Override
	public IGenericClient client() {
		return client;
	}
}
