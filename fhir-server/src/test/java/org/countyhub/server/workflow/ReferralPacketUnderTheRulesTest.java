package org.countyhub.server.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import org.countyhub.server.access.AccessSeeds;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.support.HubServerTest;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/**
 * The referral packet (转诊资料包) and the PDF reports in it under the 调阅 rules (docs/access.md): the receiving unit
 * sees the sending unit's ECG report (with its PDF) only once the referral gives it a reason, never the sensitive
 * record of the person; a unit outside the referral gets no packet; Binary is no way around it.
 */
class ReferralPacketUnderTheRulesTest extends HubServerTest {

	@Test
	void theReceivingUnitSeesWhatTheReferralGivesItAReasonForAndNoSensitiveRecord() {
		Patient patient = Township.patient(client, "WSY01", Township.unique("MZ"), "王调阅");
		String ecg = client.create().resource(Reports.ecg(patient, "WSY01", "ECG-12", "常规12导联心电图", "窦性心律。"))
				.execute().getId().toUnqualifiedVersionless().getValue();
		String hiv = AccessSeeds.report(client, "WSY01", patient.getIdElement(),
				new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "HIV", null), 0).getValue();
		IGenericClient county = clientWith(tokenAs(List.of(Roles.CLINICIAN, Roles.REFERRAL_COORDINATOR), "XRMYY"));
		assertThat(sees(county, ecg)).as("no reason before the referral").isFalse();

		String referral = new Referrals(client).send(Referrals.referral(patient, "up", "WSY01", "XRMYY",
				"上转至县人民医院心内科"), "WSY01");
		Bundle packet = packet(county, referral);
		List<String> entries = packet.getEntry().stream().map(Bundle.BundleEntryComponent::getFullUrl).toList();
		assertThat(entries).contains(referral, patient.getIdElement().getValue(), ecg).doesNotContain(hiv);
		DiagnosticReport shown = packet.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(DiagnosticReport.class::isInstance).map(DiagnosticReport.class::cast)
				.filter(r -> r.getIdElement().toUnqualifiedVersionless().getValue().equals(ecg)).findFirst().orElseThrow();
		assertThat(shown.getPresentedFormFirstRep().getContentType()).isEqualTo("application/pdf");
		assertThat(new String(shown.getPresentedFormFirstRep().getData(), java.nio.charset.StandardCharsets.US_ASCII))
				.startsWith("%PDF");
		assertThat(sees(county, ecg)).isTrue();
		assertThat(sees(county, hiv)).isFalse();

		IGenericClient township = clientWith(tokenAs(List.of(Roles.CLINICIAN, Roles.REFERRAL_COORDINATOR), "WSY01"));
		assertThat(packet(township, referral).getEntry()).extracting(Bundle.BundleEntryComponent::getFullUrl)
				.as("the sending unit's own records").contains(ecg, hiv);

		IGenericClient other = clientWith(tokenAs(List.of(Roles.CLINICIAN, Roles.REFERRAL_COORDINATOR), "WSY02"));
		assertThatThrownBy(() -> packet(other, referral)).isInstanceOf(ForbiddenOperationException.class)
				.hasMessageContaining("HUB-5221");
		// stored files (Binary) are the system admin's only: the PDF cannot be fetched around the rules
		assertThatThrownBy(() -> county.read().resource(Binary.class).withId("any").execute())
				.isInstanceOf(ForbiddenOperationException.class);
	}

	private static Bundle packet(IGenericClient who, String referral) {
		return who.operation().onInstance(referral).named("$referral-packet").withNoParameters(Parameters.class)
				.returnResourceType(Bundle.class).useHttpGet().execute();
	}

	private static boolean sees(IGenericClient who, String id) {
		try {
			who.read().resource(DiagnosticReport.class).withId(id.substring(id.indexOf('/') + 1)).execute();
			return true;
		} catch (ResourceNotFoundException e) {
			return false;
		}
	}
}
