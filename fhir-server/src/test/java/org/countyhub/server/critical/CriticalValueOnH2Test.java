package org.countyhub.server.critical;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.countyhub.server.support.HubServerTest;

/** Issue 23's story on the embedded database. */
class CriticalValueOnH2Test extends HubServerTest implements CriticalValueStory {

	@Override
	public IGenericClient client() {
		return client;
	}
}
