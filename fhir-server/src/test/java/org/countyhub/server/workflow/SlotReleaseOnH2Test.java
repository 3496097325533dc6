package org.countyhub.server.workflow;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.countyhub.server.support.HubServerTest;

/** Slots given back by cancelled, no-show and deleted bookings, on the embedded H2 database. */
class SlotReleaseOnH2Test extends HubServerTest implements SlotRelease {

	@Override
	public IGenericClient client() {
		return client;
	}
}
