package org.countyhub.server.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.subscription.model.ResourceModifiedMessage;
import java.time.Duration;
import java.util.UUID;
import org.countyhub.server.support.HookReceiver;
import org.countyhub.server.support.HubServerTest;
import org.countyhub.server.support.Tokens;
import org.hl7.fhir.r4.model.Basic;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Only changes some Subscription can match enter HAPI's subscription pipeline (SubscribedTypesOnly); a type
 * nobody subscribed to before is delivered as soon as a Subscription for it is active, the first change included.
 */
class NotificationsTest extends HubServerTest {

	@Autowired
	private SubscribedTypesOnly filter;

	@Autowired
	private ca.uhn.fhir.interceptor.api.IInterceptorService interceptors;

	@Autowired
	private ca.uhn.fhir.jpa.subscription.submit.interceptor.SubscriptionMatcherInterceptor matcher;

	@Test
	void onlyChangesASubscriptionCanMatchEnterThePipeline() {
		FhirContext ctx = client.getFhirContext();
		// MDM's own message subscription matches Patients; Subscriptions always pass (to be activated)
		assertThat(filter.modified(modified(ctx, new Patient().setId("Patient/1")))).isTrue();
		assertThat(filter.modified(modified(ctx, new Subscription().setId("Subscription/1")))).isTrue();
		// nothing in the hub subscribes to Basic: HAPI would otherwise queue, read back and match it for nothing
		assertThat(filter.modified(modified(ctx, new Basic().setId("Basic/1")))).isFalse();
	}

	@Test
	void hapiDoesNotEvenBuildTheMessageOfAChangeNoSubscriptionCanMatch() {
		java.util.List<String> reachedPipeline = new java.util.concurrent.CopyOnWriteArrayList<>();
		Object spy = new Object() {
			// first of the pipeline's hooks: sees every message HAPI built
			@ca.uhn.fhir.interceptor.api.Hook(value = ca.uhn.fhir.interceptor.api.Pointcut.SUBSCRIPTION_RESOURCE_MODIFIED,
					order = Integer.MIN_VALUE + 1)
			public void modified(ResourceModifiedMessage message) {
				reachedPipeline.add(message.getPayloadId(client.getFhirContext()).getResourceType());
			}
		};
		interceptors.registerInterceptor(spy);
		try {
			Basic note = new Basic();
			note.getCode().setText("not subscribed");
			client.create().resource(note).execute();
			Patient patient = new Patient();
			patient.addIdentifier().setSystem("urn:test:mrn").setValue("SUB" + UUID.randomUUID());
			patient.addName().setText("订阅测试").setFamily("订").addGiven("阅");
			patient.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE);
			client.create().resource(patient).execute();
		} finally {
			interceptors.unregisterInterceptor(spy);
		}
		assertThat(matcher).isInstanceOf(UnsubscribedTypesSkipped.class);
		assertThat(reachedPipeline).contains("Patient").doesNotContain("Basic");
	}

	private static ResourceModifiedMessage modified(FhirContext ctx, org.hl7.fhir.r4.model.Resource resource) {
		return new ResourceModifiedMessage(ctx, resource, ResourceModifiedMessage.OperationTypeEnum.CREATE);
	}

	@Test
	void aSubscriptionOnANewTypeIsNotifiedOfTheFirstChangeAfterItIsActive() {
		String marker = "enc-" + UUID.randomUUID();
		// a unit's system subscribes (Subscriptions need that role or the system admin's)
		var system = clientWith(Tokens.unitSystem(context(), "WSY01"));
		try (HookReceiver receiver = new HookReceiver()) {
			Subscription subscription = new Subscription();
			subscription.setStatus(Subscription.SubscriptionStatus.REQUESTED);
			subscription.setReason("a unit's visit feed");
			subscription.setCriteria("Encounter?identifier=urn:test:visit|" + marker);
			subscription.getChannel()
					.setType(Subscription.SubscriptionChannelType.RESTHOOK)
					.setEndpoint(receiver.url())
					.setPayload("application/fhir+json");
			String id = system.create().resource(subscription).execute().getId().toUnqualifiedVersionless().getValue();
			await().atMost(Duration.ofSeconds(30)).until(() -> client.read().resource(Subscription.class).withUrl(id)
					.execute().getStatus() == Subscription.SubscriptionStatus.ACTIVE);

			// written the moment the Subscription is seen active
			Encounter visit = new Encounter();
			visit.addIdentifier().setSystem("urn:test:visit").setValue(marker);
			visit.setStatus(Encounter.EncounterStatus.FINISHED);
			visit.getClass_().setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode").setCode("AMB");
			client.create().resource(visit).execute();
			Encounter other = new Encounter();
			other.addIdentifier().setSystem("urn:test:visit").setValue("not-" + marker);
			other.setStatus(Encounter.EncounterStatus.FINISHED);
			other.getClass_().setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode").setCode("AMB");
			client.create().resource(other).execute();

			await().atMost(Duration.ofSeconds(30)).until(() -> !receiver.deliveries().isEmpty());
			assertThat(receiver.deliveries()).singleElement()
					.satisfies(d -> assertThat(d.body()).contains(marker).doesNotContain("not-" + marker));

			Subscription off = system.read().resource(Subscription.class).withUrl(id).execute();
			off.setStatus(Subscription.SubscriptionStatus.OFF);
			system.update().resource(off).execute();
		}
	}
}
