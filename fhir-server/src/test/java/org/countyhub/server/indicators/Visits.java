package org.countyhub.server.indicators;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.util.Date;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.workflow.Township;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/** Visits (Encounters) as a unit's HIS writes them over REST, for the indicator tests. */
public final class Visits {

	private Visits() {}

	/** A visit of this class and status at the unit, 20 minutes from its start (an ISO time with offset). */
	public static void create(IGenericClient client, String patient, String unit, String encounterClass,
			String status, String start) {
		Encounter visit = new Encounter();
		visit.addIdentifier().setSystem(HubSystems.unitIdentifierSystem(unit, "visit")).setValue(Township.unique("V"));
		visit.setStatus(Encounter.EncounterStatus.fromCode(status));
		visit.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", encounterClass, null));
		visit.setSubject(new Reference(patient));
		visit.setServiceProvider(new Reference("Organization/" + unit));
		DateTimeType from = new DateTimeType(start);
		visit.setPeriod(new Period().setStartElement(from).setEnd(new Date(from.getValue().getTime() + 20 * 60_000L)));
		client.create().resource(visit).execute();
	}
}
