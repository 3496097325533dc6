package org.countyhub.server.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;
import org.junit.jupiter.api.Test;

/**
 * The last reserved slot of a department, wanted by several accepted referrals at the same moment, each booked by
 * its own HTTP client: exactly one booking wins, every other gets 409 with HUB-5311, and the slot is busy once.
 * Run on each database the hub supports (see the implementing classes).
 */
interface LastSlotRace {

	int CONTENDERS = 6;

	IGenericClient client();

	String fhirBase();

	/** Authorization header value of the suite's default token. */
	String bearer();

	@Test
	default void concurrentBookingsOfTheLastReservedSlotHaveExactlyOneWinner() throws Exception {
		Referrals referrals = new Referrals(client());
		Patient patient = Township.patient(client(), "WSY01", Township.unique("MZ"), "王秀兰");

		HealthcareService service = new HealthcareService();
		service.setActive(true);
		service.setProvidedBy(new Reference("Organization/XRMYY"));
		service.setName("神经内科");
		String departmentId = client().create().resource(service).execute().getId().toUnqualifiedVersionless().getValue();
		Schedule schedule = new Schedule();
		schedule.setActive(true);
		schedule.addActor(new Reference(departmentId));
		schedule.addServiceType(new CodeableConcept().setText("神经内科门诊"));
		String scheduleId = client().create().resource(schedule).execute().getId().toUnqualifiedVersionless().getValue();
		// five slots at a 20 % share: exactly one is reserved for referrals
		Instant start = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
		Parameters publish = new Parameters();
		publish.addParameter().setName("start").setValue(new DateTimeType(Date.from(start)));
		publish.addParameter().setName("end").setValue(new DateTimeType(Date.from(start.plus(75, ChronoUnit.MINUTES))));
		publish.addParameter().setName("minutes").setValue(new IntegerType(15));
		client().operation().onInstance(scheduleId).named("$publish-slots").withParameters(publish)
				.returnResourceType(Bundle.class).withAdditionalHeader(ActingUnit.HEADER, "XRMYY").execute();
		List<Slot> reserved = client().search().forResource(Slot.class).where(Slot.SCHEDULE.hasId(scheduleId))
				.returnBundle(Bundle.class).execute().getEntry().stream()
				.map(e -> (Slot) e.getResource())
				.filter(s -> s.getServiceCategory().stream()
						.anyMatch(c -> WorkflowCodes.has(c, HubSystems.WORKFLOW, "referral")))
				.toList();
		assertThat(reserved).hasSize(1);
		String slotId = "Slot/" + reserved.get(0).getIdElement().getIdPart();

		List<String> bodies = new ArrayList<>();
		for (int i = 0; i < CONTENDERS; i++) {
			String referralId = referrals.send(
					Referrals.referral(patient, "up", "WSY01", "XRMYY", "上转至县人民医院神经内科"), "WSY01");
			referrals.move(referrals.task(referralId), "accepted", null, "XRMYY");
			Appointment appointment = new Appointment();
			appointment.setStatus(Appointment.AppointmentStatus.BOOKED);
			appointment.addSlot(new Reference(slotId));
			appointment.addBasedOn(new Reference(referralId));
			appointment.addParticipant().setActor(new Reference(patient.getIdElement().getValue()))
					.setStatus(Appointment.ParticipationStatus.ACCEPTED);
			bodies.add(FhirContext.forR4Cached().newJsonParser().encodeResourceToString(appointment));
		}

		CountDownLatch ready = new CountDownLatch(CONTENDERS);
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(CONTENDERS);
		List<Future<HttpResponse<String>>> results = new ArrayList<>();
		String bearer = bearer();
		try {
			for (String body : bodies) {
				results.add(pool.submit(() -> {
					HttpClient http = HttpClient.newHttpClient();
					HttpRequest request = HttpRequest.newBuilder(URI.create(fhirBase() + "/Appointment"))
							.timeout(Duration.ofSeconds(120))
							.header("Content-Type", "application/fhir+json; charset=utf-8")
							.header(ActingUnit.HEADER, "XRMYY")
							.header("Authorization", bearer)
							.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
							.build();
					ready.countDown();
					go.await();
					return http.send(request, HttpResponse.BodyHandlers.ofString());
				}));
			}
			ready.await(30, TimeUnit.SECONDS);
			go.countDown();
			List<HttpResponse<String>> responses = new ArrayList<>();
			for (Future<HttpResponse<String>> result : results) {
				responses.add(result.get(180, TimeUnit.SECONDS));
			}
			assertThat(responses).filteredOn(r -> r.statusCode() == 201).hasSize(1);
			assertThat(responses).filteredOn(r -> r.statusCode() != 201)
					.allSatisfy(r -> {
						assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
						assertThat(r.body()).contains("HUB-5311");
					});
		} finally {
			pool.shutdownNow();
		}
		Bundle booked = client().search().forResource(Appointment.class).where(Appointment.SLOT.hasId(slotId))
				.returnBundle(Bundle.class).execute();
		assertThat(booked.getEntry()).hasSize(1);
		Slot slot = client().read().resource(Slot.class).withUrl(slotId).execute();
		assertThat(slot.getStatus()).isEqualTo(Slot.SlotStatus.BUSY);
		assertThat(slot.getMeta().getVersionId()).isEqualTo("2");
	}
}
