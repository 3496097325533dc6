package org.countyhub.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.countyhub.server.rest.TestIdCards;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.support.HubServerTest;
import org.countyhub.server.support.OfficialValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.Test;

/**
 * The stored access records as an outside reviewer checks them: the HL7 validator (base R4: the IHE BALP package
 * cannot be fetched in the build, docs/access.md) finds no error in any kind of record, and the records of a read
 * and a search carry what the BALP PatientRead and PatientQuery profiles require.
 */
class AccessRecordsConformTest extends HubServerTest {

	static final String BALP = "https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.";

	@Test
	void theAccessRecordsAreValidAndFollowTheBalpPatientReadAndQueryProfiles() {
		String idCard = TestIdCards.next();
		IIdType township = AccessSeeds.register(client, "WSY01", idCard);
		IIdType county = AccessSeeds.register(client, "XRMYY", idCard);
		IIdType report = AccessSeeds.report(client, "WSY01", township, null, 0);
		AccessSeeds.report(client, "XRMYY", county, null, 0);
		IGenericClient clinician = clientWith(tokenAs(List.of(Roles.CLINICIAN), "WSY01"));
		clinician.read().resource(DiagnosticReport.class).withId(report).execute();
		clinician.search().byUrl("DiagnosticReport?subject=" + township.getValue()).returnBundle(Bundle.class).execute();
		// the county's record without a reason: left out, recorded as a refusal
		clinician.search().byUrl("DiagnosticReport?subject=" + county.getValue()).returnBundle(Bundle.class).execute();

		IGenericClient auditor = clientWith(tokenAs(List.of(Roles.AUDITOR)));
		// a request's records are on the trail before its answer leaves: no waiting
		List<AuditEvent> trail = latest(auditor);
		assertThat(trail).anySatisfy(e -> {
			assertThat(patientOf(e)).isEqualTo(county.getValue());
			assertThat(e.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
		});

		AuditEvent read = about(trail, township, "PatientRead");
		assertThat(read.getAction()).isEqualTo(AuditEvent.AuditEventAction.R);
		assertThat(read.getSubtype()).anySatisfy(s -> assertThat(s.getCode()).isEqualTo("read"));
		assertThat(roles(read)).contains("4", "1");
		assertBalpBasics(read);
		AuditEvent query = about(trail, township, "PatientQuery");
		assertThat(query.getAction()).isEqualTo(AuditEvent.AuditEventAction.E);
		assertThat(query.getEntity()).anySatisfy(e -> {
			assertThat(e.getRole().getCode()).isEqualTo("24");
			assertThat(e.getQuery()).isNotEmpty();
		});
		assertBalpBasics(query);
		AuditEvent refusal = trail.stream().filter(e -> patientOf(e).equals(county.getValue()))
				.filter(e -> e.getOutcome() == AuditEvent.AuditEventOutcome._4).findFirst().orElseThrow();
		assertThat(refusal.getPurposeOfEventFirstRep().getCodingFirstRep().getCode()).isEqualTo("none");

		Set<String> kinds = trail.stream().map(e -> e.getType().getCode() + "/" + e.getSubtypeFirstRep().getCode())
				.collect(Collectors.toSet());
		// judged without the BALP profile tags: an offline validator does not know the IHE package
		List<IBaseResource> judged = trail.stream().map(AuditEvent::copy).peek(e -> e.getMeta().getProfile().clear())
				.map(IBaseResource.class::cast).toList();
		OfficialValidator.Verdict verdict = new OfficialValidator().judge(judged, "access-records");
		assertThat(verdict.errors()).as("kinds judged: " + kinds).isEmpty();
	}

	private static List<AuditEvent> latest(IGenericClient auditor) {
		return auditor.operation().onServer().named("$audit-trail")
				.withParameters(new Parameters().addParameter("_count", new IntegerType(300)))
				.useHttpGet().returnResourceType(Bundle.class).execute().getEntry().stream()
				.map(e -> (AuditEvent) e.getResource()).toList();
	}

	/** BALP's common rules: rest type, the client and the user agents (user as requestor), the hub as observer. */
	private static void assertBalpBasics(AuditEvent event) {
		assertThat(event.getType().getSystem()).isEqualTo("http://terminology.hl7.org/CodeSystem/audit-event-type");
		assertThat(event.getType().getCode()).isEqualTo("rest");
		assertThat(event.hasRecorded()).isTrue();
		assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
		assertThat(event.getAgent()).anySatisfy(a -> {
			assertThat(a.getRequestor()).isTrue();
			assertThat(a.getWho().getIdentifier().getValue()).isEqualTo("test-clinician@WSY01");
			assertThat(a.getPurposeOfUseFirstRep().getCodingFirstRep().getCode()).isEqualTo("TREAT");
		});
		assertThat(event.getAgent()).anySatisfy(a -> {
			assertThat(a.getType().getCodingFirstRep().getCode()).isEqualTo("110153");
			assertThat(a.getNetwork().getAddress()).isNotBlank();
		});
		assertThat(event.getSource().getObserver().isEmpty()).isFalse();
		assertThat(event.getPurposeOfEventFirstRep().getCodingFirstRep().getCode()).isEqualTo("own-unit");
	}

	private static AuditEvent about(List<AuditEvent> trail, IIdType patient, String profile) {
		return trail.stream().filter(e -> e.getMeta().getProfile().stream().map(CanonicalType::getValue)
						.anyMatch((BALP + profile)::equals))
				.filter(e -> patientOf(e).equals(patient.getValue())).findFirst().orElseThrow(
						() -> new AssertionError("no " + profile + " record about " + patient.getValue()));
	}

	private static List<String> roles(AuditEvent event) {
		return event.getEntity().stream().map(e -> e.getRole().getCode()).toList();
	}

	private static String patientOf(AuditEvent event) {
		return event.getEntity().stream().filter(e -> "1".equals(e.getRole().getCode()))
				.map(e -> e.getWhat().getReference()).filter(r -> r != null)
				.map(r -> new org.hl7.fhir.r4.model.IdType(r).toUnqualifiedVersionless().getValue()).findFirst().orElse("");
	}
}
