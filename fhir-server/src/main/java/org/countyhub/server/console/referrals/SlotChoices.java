package org.countyhub.server.console.referrals;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.console.ChineseFormats;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;
import org.springframework.stereotype.Component;

/**
 * The receiving unit's free reserved referral slots (转诊预留号源, docs/workflows.md §4) from now on, soonest
 * first: its departments, their schedules, and their slots reserved for referrals, read through the hub's API.
 */
@OnEmbeddedSignIn
@Component
class SlotChoices {

	/** A slot one can book. */
	record Choice(String slotId, String when, String department) {}

	private final ChineseFormats formats;
	private final Clock clock;

	SlotChoices(ChineseFormats formats, Clock clock) {
		this.formats = formats;
		this.clock = clock;
	}

	List<Choice> free(IGenericClient fhir, String unit) {
		List<String> departments = ids(fhir.search().forResource(HealthcareService.class)
				.where(HealthcareService.ORGANIZATION.hasId("Organization/" + unit)).count(100)
				.returnBundle(Bundle.class).execute());
		if (departments.isEmpty()) {
			return List.of();
		}
		Bundle schedules = fhir.search().forResource(Schedule.class).where(Schedule.ACTOR.hasAnyOfIds(departments))
				.count(100).returnBundle(Bundle.class).execute();
		Map<String, String> names = new HashMap<>();
		schedules.getEntry().forEach(e -> {
			Schedule schedule = (Schedule) e.getResource();
			names.put("Schedule/" + schedule.getIdElement().getIdPart(), schedule.hasServiceType()
					? schedule.getServiceTypeFirstRep().getText() : schedule.getComment());
		});
		if (names.isEmpty()) {
			return List.of();
		}
		Bundle slots = fhir.search().forResource(Slot.class).where(Slot.SCHEDULE.hasAnyOfIds(List.copyOf(names.keySet())))
				.and(Slot.SERVICE_CATEGORY.exactly().systemAndCode(HubSystems.WORKFLOW, "referral"))
				.and(Slot.STATUS.exactly().code("free"))
				.and(Slot.START.afterOrEquals().millis(Date.from(clock.instant())))
				.sort().ascending(Slot.START).count(50).returnBundle(Bundle.class).execute();
		List<Choice> choices = new ArrayList<>();
		for (Bundle.BundleEntryComponent entry : slots.getEntry()) {
			Slot slot = (Slot) entry.getResource();
			choices.add(new Choice(slot.getIdElement().getIdPart(), formats.when(new DateTimeType(slot.getStart())),
					names.getOrDefault(slot.getSchedule().getReference(), "")));
		}
		return choices;
	}

	private static List<String> ids(Bundle bundle) {
		return bundle.getEntry().stream().map(e -> e.getResource().fhirType() + "/"
				+ e.getResource().getIdElement().getIdPart()).toList();
	}
}
