package org.countyhub.server.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.countyhub.server.workflow.ReferralStoryTest.refused;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.security.token.Roles;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/**
 * A booking given back frees its slot: the last slot reserved for referrals, booked by one referral, is free
 * again once that Appointment is cancelled, marked no-show or deleted, and then only another referral can take
 * it; the referral whose booking was cancelled stays accepted. Run on each database the hub supports.
 */
interface SlotRelease {

	IGenericClient client();

	/** A real token of a person with these roles acting for these units. */
	String tokenAs(List<String> roles, String... units);

	/** A FHIR client that sends this token. */
	IGenericClient clientWith(String token);

	@Test
	default void theLastReservedSlotIsFreedByCancellationNoShowOrDeletionAndStaysReserved() {
		Referrals referrals = new Referrals(client());
		Patient patient = Township.patient(client(), "WSY01", Township.unique("MZ"), "何秀珍");
		String slot = lastReservedSlot();
		String first = acceptedReferral(referrals, patient);
		String second = acceptedReferral(referrals, patient);

		String booking = book(slot, patient, first);
		assertThat(slotStatus(slot)).isEqualTo(Slot.SlotStatus.BUSY);
		refused(() -> book(slot, patient, second), 409, "HUB-5311");

		// cancelled: the slot is free again, still reserved, and the first referral stays accepted
		setStatus(booking, "cancelled");
		assertThat(slotStatus(slot)).isEqualTo(Slot.SlotStatus.FREE);
		assertThat(referrals.task(first).getStatus()).isEqualTo(Task.TaskStatus.ACCEPTED);
		refused(() -> book(slot, patient, null), 422, "HUB-5313");
		String rebooked = book(slot, patient, second);
		assertThat(slotStatus(slot)).isEqualTo(Slot.SlotStatus.BUSY);
		// the cancelled booking cannot take the slot back while another holds it
		refused(() -> setStatus(booking, "booked"), 409, "HUB-5311");

		// no-show: free again
		setStatus(rebooked, "noshow");
		assertThat(slotStatus(slot)).isEqualTo(Slot.SlotStatus.FREE);
		String third = acceptedReferral(referrals, patient);
		String last = book(slot, patient, third);

		// deleted: free again, and the first referral books it once more by reactivating its booking
		// the workflows' records are kept: only the system admin deletes one
		refused(() -> client().delete().resourceById(new IdType(last)).withAdditionalHeader(ActingUnit.HEADER, "XRMYY")
				.execute(), 403, "HUB-5410");
		clientWith(tokenAs(List.of(Roles.SYSTEM_ADMIN))).delete().resourceById(new IdType(last)).execute();
		assertThat(slotStatus(slot)).isEqualTo(Slot.SlotStatus.FREE);
		setStatus(booking, "booked");
		assertThat(slotStatus(slot)).isEqualTo(Slot.SlotStatus.BUSY);
		assertThat(client().read().resource(Appointment.class).withUrl(booking).execute().getStatus())
				.isEqualTo(Appointment.AppointmentStatus.BOOKED);
	}

	@Test
	default void aBookingCannotMoveOntoAReservedSlotByUpdate() {
		Patient patient = Township.patient(client(), "WSY01", Township.unique("MZ"), "许建华");
		String reserved = lastReservedSlot();
		String open = "Slot/" + slots(scheduleOf(reserved)).stream().filter(s -> !reserved(s))
				.findFirst().orElseThrow().getIdElement().getIdPart();
		String booking = book(open, patient, null);
		Appointment moved = client().read().resource(Appointment.class).withUrl(booking).execute();
		moved.getSlot().clear();
		moved.addSlot(new Reference(reserved));
		refused(() -> client().update().resource(moved).withAdditionalHeader(ActingUnit.HEADER, "XRMYY").execute(),
				422, "HUB-5313");
		assertThat(slotStatus(open)).isEqualTo(Slot.SlotStatus.BUSY);
		assertThat(slotStatus(reserved)).isEqualTo(Slot.SlotStatus.FREE);
	}

	private String acceptedReferral(Referrals referrals, Patient patient) {
		String id = referrals.send(Referrals.referral(patient, "up", "WSY01", "XRMYY", "上转至县人民医院消化内科"), "WSY01");
		referrals.move(referrals.task(id), "accepted", null, "XRMYY");
		return id;
	}

	/** A department publishing five slots at a 20 % share: exactly one is reserved for referrals. */
	private String lastReservedSlot() {
		HealthcareService service = new HealthcareService();
		service.setActive(true);
		service.setProvidedBy(new Reference("Organization/XRMYY"));
		service.setName("消化内科");
		String departmentId = client().create().resource(service).execute().getId().toUnqualifiedVersionless().getValue();
		Schedule schedule = new Schedule();
		schedule.setActive(true);
		schedule.addActor(new Reference(departmentId));
		schedule.addServiceType(new CodeableConcept().setText("消化内科门诊"));
		String scheduleId = client().create().resource(schedule).execute().getId().toUnqualifiedVersionless().getValue();
		Instant start = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
		Parameters publish = new Parameters();
		publish.addParameter().setName("start").setValue(new DateTimeType(Date.from(start)));
		publish.addParameter().setName("end").setValue(new DateTimeType(Date.from(start.plus(75, ChronoUnit.MINUTES))));
		publish.addParameter().setName("minutes").setValue(new IntegerType(15));
		client().operation().onInstance(scheduleId).named("$publish-slots").withParameters(publish)
				.returnResourceType(Bundle.class).withAdditionalHeader(ActingUnit.HEADER, "XRMYY").execute();
		List<Slot> reserved = slots(scheduleId).stream().filter(SlotRelease::reserved).toList();
		assertThat(reserved).hasSize(1);
		return "Slot/" + reserved.get(0).getIdElement().getIdPart();
	}

	private static boolean reserved(Slot slot) {
		return slot.getServiceCategory().stream().anyMatch(c -> WorkflowCodes.has(c, HubSystems.WORKFLOW, "referral"));
	}

	private List<Slot> slots(String scheduleId) {
		return client().search().forResource(Slot.class).where(Slot.SCHEDULE.hasId(scheduleId))
				.returnBundle(Bundle.class).execute().getEntry().stream().map(e -> (Slot) e.getResource()).toList();
	}

	private String scheduleOf(String slot) {
		return client().read().resource(Slot.class).withUrl(slot).execute().getSchedule().getReference();
	}

	private Slot.SlotStatus slotStatus(String slot) {
		return client().read().resource(Slot.class).withUrl(slot).execute().getStatus();
	}

	private String book(String slot, Patient patient, String referralId) {
		Appointment appointment = new Appointment();
		appointment.setStatus(Appointment.AppointmentStatus.BOOKED);
		appointment.addSlot(new Reference(slot));
		if (referralId != null) {
			appointment.addBasedOn(new Reference(referralId));
		}
		appointment.addParticipant().setActor(new Reference(patient.getIdElement().getValue()))
				.setStatus(Appointment.ParticipationStatus.ACCEPTED);
		return client().create().resource(appointment).withAdditionalHeader(ActingUnit.HEADER, "XRMYY").execute()
				.getId().toUnqualifiedVersionless().getValue();
	}

	/** The Appointment's status changed as a scheduling system does it: JSON Patch. */
	private void setStatus(String appointment, String status) {
		client().patch().withBody("[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"" + status + "\"}]")
				.withId(new IdType(appointment)).withAdditionalHeader(ActingUnit.HEADER, "XRMYY").execute();
	}
}
