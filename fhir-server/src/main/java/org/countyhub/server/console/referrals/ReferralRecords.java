package org.countyhub.server.console.referrals;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.console.ChineseFormats;
import org.countyhub.server.console.ResultLabels;
import org.countyhub.server.console.UnitLabels;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/** The referral inbox as rows: one search of the unit's referral Tasks with their requests and patients. */
@OnEmbeddedSignIn
@Component
class ReferralRecords {

	/** A referral as the inbox lists it. */
	record Row(String taskId, String patient, String direction, String from, String to, String reason,
			String requested, String state) {}

	private final ChineseFormats formats;
	private final UnitLabels units;

	ReferralRecords(ChineseFormats formats, UnitLabels units) {
		this.formats = formats;
		this.units = units;
	}

	List<Row> rows(IGenericClient fhir, String unit, ReferralTabs tabs) {
		Bundle found = fhir.search().forResource(Task.class)
				.where(("in".equals(tabs.box()) ? Task.OWNER : Task.REQUESTER).hasId("Organization/" + unit))
				.and(Task.CODE.exactly().systemAndCode(HubSystems.WORKFLOW, "referral"))
				.and(Task.STATUS.exactly().code(tabs.taskStatus()))
				.include(Task.INCLUDE_FOCUS).include(Task.INCLUDE_PATIENT)
				.sort().descending(Task.AUTHORED_ON).count(100)
				.returnBundle(Bundle.class).execute();
		Map<String, Resource> included = new HashMap<>();
		List<Task> tasks = new ArrayList<>();
		for (Bundle.BundleEntryComponent entry : found.getEntry()) {
			if (entry.getResource() instanceof Task task) {
				tasks.add(task);
			} else {
				included.put(entry.getResource().fhirType() + "/" + entry.getResource().getIdElement().getIdPart(),
						entry.getResource());
			}
		}
		Set<String> booked = "accepted".equals(tabs.taskStatus()) ? booked(fhir, tasks) : Set.of();
		List<Row> rows = new ArrayList<>();
		for (Task task : tasks) {
			if (!(included.get(task.getFocus().getReference()) instanceof ServiceRequest request)
					|| !tabs.direction().equals(direction(request))) {
				continue;
			}
			boolean hasBooking = booked.contains(task.getFocus().getReference());
			if ("booked".equals(tabs.state()) != hasBooking && "accepted".equals(tabs.taskStatus())) {
				continue;
			}
			Patient patient = included.get(task.getFor().getReference()) instanceof Patient p ? p : null;
			rows.add(new Row(task.getIdElement().getIdPart(),
					patient == null || !patient.hasName() ? "" : patient.getNameFirstRep().getNameAsSingleString(),
					ReferralTabs.DIRECTIONS.get(direction(request)),
					units.name(request.getRequester().getReferenceElement().getIdPart(), fhir),
					units.name(request.getPerformerFirstRep().getReferenceElement().getIdPart(), fhir),
					reason(request), formats.when(request.getAuthoredOnElement()), state(task, hasBooking)));
		}
		return rows;
	}

	static String direction(ServiceRequest request) {
		return request.getExtensionByUrl(HubSystems.REFERRAL_DIRECTION_EXTENSION) != null
				&& request.getExtensionByUrl(HubSystems.REFERRAL_DIRECTION_EXTENSION).getValue() instanceof Coding c
				? c.getCode() : "";
	}

	static String reason(ServiceRequest request) {
		return request.hasReasonCode() ? ResultLabels.item(request.getReasonCodeFirstRep())
				: ResultLabels.item(request.getCode());
	}

	static String state(Task task, boolean booked) {
		String status = task.getStatus() == null ? "" : task.getStatus().toCode();
		if ("accepted".equals(status) && booked) {
			return "已预约";
		}
		return "cancelled".equals(status) ? "已撤销" : ReferralTabs.STATES.getOrDefault(status, status);
	}

	/** The requests (ServiceRequest/id) among these Tasks' that hold a booking. */
	private static Set<String> booked(IGenericClient fhir, List<Task> tasks) {
		Set<String> booked = new HashSet<>();
		if (tasks.isEmpty()) {
			return booked;
		}
		List<String> requests = tasks.stream().map(t -> t.getFocus().getReference()).toList();
		Bundle appointments = fhir.search().forResource(Appointment.class)
				.where(Appointment.BASED_ON.hasAnyOfIds(requests))
				.and(Appointment.STATUS.exactly().codes("booked", "arrived", "fulfilled", "checked-in"))
				.count(200).returnBundle(Bundle.class).execute();
		appointments.getEntry().forEach(e -> ((Appointment) e.getResource()).getBasedOn()
				.forEach(b -> booked.add(b.getReference())));
		return booked;
	}
}
