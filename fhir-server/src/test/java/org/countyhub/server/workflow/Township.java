package org.countyhub.server.workflow;

import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.countyhub.profiles.HubSystems;
import org.countyhub.profiles.ResidentIdCard;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Subscription;

/** What the workflow stories need from member units: patients, readers, notification subscriptions. */
public final class Township {

	private static final AtomicLong SEQUENCE = new AtomicLong(System.nanoTime() % 100_000);

	private Township() {}

	public static String unique(String prefix) {
		return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase();
	}

	/** A valid resident ID card number, unique in the test JVM. */
	static String idCard() {
		String first17 = "33010219800101" + String.format("%03d", SEQUENCE.incrementAndGet() % 1000);
		return first17 + ResidentIdCard.checkCharacter(first17);
	}

	/** A patient as a unit's HIS registers it: its own patient number, the ID card, managed by the unit. */
	public static Patient patient(IGenericClient client, String unitCode, String mrn, String name) {
		Patient patient = new Patient();
		patient.addIdentifier().setSystem(HubSystems.unitPatientNumber(unitCode)).setValue(mrn);
		patient.addIdentifier().setSystem(HubSystems.RESIDENT_ID_CARD).setValue(idCard());
		patient.addName(new HumanName().setText(name));
		patient.setGender(Enumerations.AdministrativeGender.FEMALE);
		patient.setManagingOrganization(new Reference("Organization/" + unitCode));
		patient.setId(client.create().resource(patient).execute().getId().toUnqualifiedVersionless());
		return patient;
	}

	/** A reader (诊断医师) at a diagnosis centre. */
	static PractitionerRole reader(IGenericClient client, String centreCode, String name) {
		Practitioner practitioner = new Practitioner();
		practitioner.addName(new HumanName().setText(name));
		String practitionerId = client.create().resource(practitioner).execute().getId().toUnqualifiedVersionless()
				.getValue();
		PractitionerRole role = new PractitionerRole();
		role.setPractitioner(new Reference(practitionerId));
		role.setOrganization(new Reference("Organization/" + centreCode));
		role.setActive(true);
		role.setId(client.create().resource(role).execute().getId().toUnqualifiedVersionless());
		return role;
	}

	/** A rest-hook Subscription, waited on until HAPI has activated it. */
	/**
	 * A unit's rest-hook Subscription that is turned off when the test is done with it: an active one left pointing
	 * at a closed receiver would keep failing deliveries in the background of every later test of the same hub.
	 */
	record ActiveSubscription(IGenericClient client, Subscription subscription) implements AutoCloseable {
		@Override
		public void close() {
			subscription.setStatus(Subscription.SubscriptionStatus.OFF);
			client.update().resource(subscription).execute();
		}
	}

	static ActiveSubscription subscribe(IGenericClient client, String criteria, String endpoint) {
		Subscription subscription = new Subscription();
		subscription.setStatus(Subscription.SubscriptionStatus.REQUESTED);
		subscription.setReason("workflow notification test");
		subscription.setCriteria(criteria);
		subscription.getChannel()
				.setType(Subscription.SubscriptionChannelType.RESTHOOK)
				.setEndpoint(endpoint)
				.setPayload("application/fhir+json");
		String id = client.create().resource(subscription).execute().getId().toUnqualifiedVersionless().getValue();
		await().atMost(Duration.ofSeconds(30)).until(() -> client.read().resource(Subscription.class).withUrl(id)
				.execute().getStatus() == Subscription.SubscriptionStatus.ACTIVE);
		return new ActiveSubscription(client, client.read().resource(Subscription.class).withUrl(id).execute());
	}
}
