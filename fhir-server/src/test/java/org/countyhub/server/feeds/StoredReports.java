package org.countyhub.server.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;

/** The one stored lab report of XRMYY with a filler number, as a client finds it. */
final class StoredReports {

	private StoredReports() {}

	static DiagnosticReport byFiller(IGenericClient client, String filler) {
		Bundle found = client.search().forResource(DiagnosticReport.class)
				.where(DiagnosticReport.IDENTIFIER.exactly()
						.systemAndIdentifier(HubSystems.unitIdentifierSystem("XRMYY", "filler-order"), filler))
				.returnBundle(Bundle.class).execute();
		assertThat(found.getEntry()).hasSize(1);
		return (DiagnosticReport) found.getEntryFirstRep().getResource();
	}
}
