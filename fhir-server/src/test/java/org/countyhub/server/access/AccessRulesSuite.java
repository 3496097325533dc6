package org.countyhub.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.recognition.RecognitionFixtures;
import org.countyhub.server.rest.TestIdCards;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.support.TestClock;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The 调阅 rules (docs/access.md) with real tokens, on each database the hub supports: a person registered at a
 * township (WSY01) and at the county hospital (XRMYY), the county's results seen by a township clinician only with
 * a reason the hub can verify, and the access records of it all. Each test makes its own person.
 */
interface AccessRulesSuite {

	/** The default client: a person with clinical roles for every unit (sees everything, writes the seeds). */
	IGenericClient client();

	IGenericClient clientWith(String token);

	String tokenAs(List<String> roles, String... units);

	ApplicationContext context();

	/** One person, one record at each unit, a result at the county hospital. */
	record Person(String idCard, IIdType township, IIdType county, IIdType countyReport) {}

	default Person person() {
		String idCard = TestIdCards.next();
		IIdType township = register("WSY01", idCard);
		IIdType county = register("XRMYY", idCard);
		IIdType report = report("XRMYY", county, null);
		return new Person(idCard, township, county, report);
	}

	default IIdType register(String unit, String idCard) {
		return AccessSeeds.register(client(), unit, idCard);
	}

	default IIdType report(String unit, IIdType patient, Coding label) {
		return AccessSeeds.report(client(), unit, patient, label, 0);
	}

	default void encounterToday(String unit, IIdType patient) {
		AccessSeeds.encounterToday(client(), unit, patient);
	}

	default void consent(IIdType patient, Consent.ConsentProvisionType type, String unit, Coding label) {
		Consent consent = new Consent();
		consent.setStatus(Consent.ConsentState.ACTIVE);
		consent.setScope(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentscope",
				"patient-privacy", "Privacy Consent")).setText("医共体内共享"));
		consent.addCategory(new CodeableConcept(new Coding("http://loinc.org", "59284-0", "Patient Consent")));
		consent.setPatient(new Reference(patient));
		consent.setDateTime(new Date());
		consent.addOrganization(new Reference("Organization/XRMYY"));
		consent.setPolicyRule(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode",
				type == Consent.ConsentProvisionType.PERMIT ? "OPTIN" : "OPTOUT", null)));
		Consent.ProvisionComponent provision = consent.getProvision().setType(type);
		if (unit != null) {
			provision.addActor().setRole(new CodeableConcept(new Coding(
					"http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", "information recipient")))
					.setReference(new Reference("Organization/" + unit));
		}
		if (label != null) {
			provision.addSecurityLabel(label);
		}
		client().create().resource(consent).execute();
	}

	default List<String> history(IGenericClient who, IIdType patient) {
		return ids(who.operation().onInstance(patient).named("$history-across-units").withNoParameters(Parameters.class)
				.returnResourceType(Bundle.class).execute());
	}

	/** Waits until the hub's MDM has linked the person's records (the whole-history query follows MDM links). */
	default void linked(Person person) {
		await().atMost(Duration.ofSeconds(90))
				.until(() -> history(client(), person.township()).contains(person.countyReport().getValue()));
	}

	default IGenericClient clinician(String unit) {
		return clientWith(tokenAs(List.of(Roles.CLINICIAN), unit));
	}

	default boolean sees(IGenericClient who, IIdType id) {
		try {
			who.read().resource(id.getResourceType()).withId(id).execute();
			return true;
		} catch (ResourceNotFoundException e) {
			return false;
		}
	}

	default List<String> reportsOf(IGenericClient who, String idCard) {
		Bundle found = who.search().byUrl("DiagnosticReport?patient.identifier=" + HubSystems.RESIDENT_ID_CARD + "|"
				+ idCard).returnBundle(Bundle.class).execute();
		return found.getEntry().stream().map(e -> e.getResource().getIdElement().toUnqualifiedVersionless().getValue())
				.toList();
	}

	static Coding hiv() {
		return new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "HIV", null);
	}

	@Test
	default void aTownshipClinicianSeesOwnUnitsRecordsAndNoneOfTheCountysWithoutAReason() {
		Person person = person();
		IIdType townshipReport = report("WSY01", person.township(), null);
		IGenericClient township = clinician("WSY01");

		assertThat(sees(township, person.township())).isTrue();
		assertThat(sees(township, townshipReport)).isTrue();
		assertThat(sees(township, person.county())).as("another unit's Patient: 404, not 403").isFalse();
		assertThat(sees(township, person.countyReport())).isFalse();

		// searches, chains, includes and _has are narrowed, never refused
		assertThat(reportsOf(township, person.idCard())).containsExactly(townshipReport.getValue());
		Bundle withIncludes = township.search().byUrl("Patient?identifier=" + HubSystems.RESIDENT_ID_CARD + "|"
				+ person.idCard() + "&_revinclude=DiagnosticReport:subject").returnBundle(Bundle.class).execute();
		assertThat(ids(withIncludes)).contains(person.township().getValue(), townshipReport.getValue())
				.doesNotContain(person.county().getValue(), person.countyReport().getValue());
		Bundle has = township.search().byUrl("Patient?_has:DiagnosticReport:subject:code=58410-2&identifier="
				+ HubSystems.RESIDENT_ID_CARD + "|" + person.idCard()).returnBundle(Bundle.class).execute();
		assertThat(ids(has)).doesNotContain(person.county().getValue());
		Bundle included = township.search().byUrl("DiagnosticReport?_id=" + person.countyReport().getIdPart()
				+ "&_include=DiagnosticReport:subject").returnBundle(Bundle.class).execute();
		assertThat(ids(included)).isEmpty();

		// the person's whole history and $everything hold none of the county's records
		linked(person);
		assertThat(history(township, person.township())).contains(townshipReport.getValue())
				.doesNotContain(person.countyReport().getValue());
		Bundle everything = township.operation().onInstance(person.township()).named("$everything")
				.withNoParameters(Parameters.class).returnResourceType(Bundle.class).execute();
		assertThat(ids(everything)).doesNotContain(person.countyReport().getValue(), person.county().getValue());

		// the county hospital's own clinician sees its records
		assertThat(sees(clinician("XRMYY"), person.countyReport())).isTrue();
	}

	/** A Patient a unit's system writes without its managingOrganization is that unit's, not left open by the omission. */
	@Test
	default void aPatientAUnitWritesWithoutItsUnitIsTheUnits() {
		IIdType held = clientWith(tokenAs(List.of(Roles.UNIT_SYSTEM), "WSY01")).create().resource(withoutUnit("WSY01"))
				.execute().getId().toUnqualifiedVersionless();
		assertThat(client().read().resource(Patient.class).withId(held).execute().getManagingOrganization()
				.getReference()).isEqualTo("Organization/WSY01");
		assertThat(sees(clinician("WSY01"), held)).isTrue();
		assertThat(sees(clinician("WSY02"), held)).isFalse();
	}

	/**
	 * A Patient naming no unit (written by a caller of every unit who chose none) is no caller's own: a unit's
	 * clinician sees it only with a reason, here a visit today.
	 */
	@Test
	default void aPatientNamingNoUnitIsShownOnlyForAReason() {
		IIdType unitless = client().create().resource(withoutUnit("ALL")).execute().getId().toUnqualifiedVersionless();
		assertThat(client().read().resource(Patient.class).withId(unitless).execute().getManagingOrganization()
				.hasReference()).isFalse();
		assertThat(sees(clinician("WSY01"), unitless)).isFalse();

		encounterToday("WSY01", unitless);

		assertThat(sees(clinician("WSY01"), unitless)).isTrue();
		assertThat(sees(clinician("WSY02"), unitless)).isFalse();
	}

	/**
	 * A unit added through the API (an Organization the county folder does not declare) holds its Patients like a
	 * declared one: its own people see them, another unit's do not.
	 */
	@Test
	default void aUnitAddedThroughTheApiHoldsItsPatients() {
		String unit = new RecognitionFixtures(client()).unit("新增卫生室", null, null);
		Patient patient = withoutUnit(unit);
		patient.setManagingOrganization(new org.hl7.fhir.r4.model.Reference("Organization/" + unit));
		IIdType held = client().create().resource(patient).execute().getId().toUnqualifiedVersionless();

		assertThat(sees(clinician(unit), held)).isTrue();
		assertThat(sees(clinician("WSY01"), held)).isFalse();
	}

	/** A Patient as {@link AccessSeeds#register} writes it, but naming no unit as managingOrganization. */
	private static Patient withoutUnit(String mrnOf) {
		Patient patient = new Patient();
		patient.addIdentifier().setSystem("urn:countyhub-test:mrn:" + mrnOf).setValue("U" + TestIdCards.next());
		patient.addIdentifier().setSystem(HubSystems.RESIDENT_ID_CARD).setValue(TestIdCards.next());
		patient.addName().setText("无单位测试").setFamily("无").addGiven("单位测试");
		patient.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.MALE);
		patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1975-03-04"));
		return patient;
	}

	@Test
	default void anEncounterTodayAtTheActingUnitShowsTheOtherUnitsRecords() {
		Person person = person();
		IGenericClient township = clinician("WSY01");
		assertThat(sees(township, person.countyReport())).isFalse();

		encounterToday("WSY01", person.township());

		assertThat(sees(township, person.countyReport())).isTrue();
		assertThat(reportsOf(township, person.idCard())).contains(person.countyReport().getValue());
		linked(person);
		assertThat(history(township, person.township())).contains(person.countyReport().getValue());
		// a village clinic with no relationship still sees nothing
		assertThat(sees(clinician("CWS0101"), person.countyReport())).isFalse();
	}

	@Test
	default void aRefusalInTheConsentWinsOverARelationshipAndAPermitShowsWithoutOne() {
		Person refusing = person();
		encounterToday("WSY01", refusing.township());
		consent(refusing.county(), Consent.ConsentProvisionType.DENY, null, null);
		assertThat(sees(clinician("WSY01"), refusing.countyReport())).isFalse();

		Person permitting = person();
		consent(permitting.county(), Consent.ConsentProvisionType.PERMIT, "WSY01", null);
		assertThat(sees(clinician("WSY01"), permitting.countyReport())).isTrue();
		assertThat(sees(clinician("WSY02"), permitting.countyReport())).as("the consent names WSY01 only").isFalse();
	}

	@Test
	default void aSensitiveRecordIsHiddenEvenWithARelationshipUntilTheConsentNamesItsLabel() {
		Person person = person();
		IIdType hiv = report("XRMYY", person.county(), hiv());
		encounterToday("WSY01", person.township());
		IGenericClient township = clinician("WSY01");
		assertThat(sees(township, person.countyReport())).isTrue();
		assertThat(sees(township, hiv)).isFalse();
		assertThat(reportsOf(township, person.idCard())).doesNotContain(hiv.getValue());

		consent(person.county(), Consent.ConsentProvisionType.PERMIT, "WSY01", hiv());
		assertThat(sees(township, hiv)).isTrue();
	}

	@Test
	default void breakGlassShowsTheRecordsIsRecordedListedForReviewAndExpires() {
		Person person = person();
		IIdType hiv = report("XRMYY", person.county(), hiv());
		IGenericClient township = clinician("WSY01");
		assertThat(sees(township, person.countyReport())).isFalse();

		assertThatThrownBy(() -> breakGlass(township, person.county(), "because", "急诊"))
				.hasMessageContaining("HUB-5801");
		Parameters grant = breakGlass(township, person.county(), "life-threatening", "急诊抢救，患者昏迷");
		assertThat(grant.getParameterValue("unit").primitiveValue()).isEqualTo("WSY01");

		assertThat(sees(township, person.countyReport())).isTrue();
		assertThat(sees(township, hiv)).as("break-glass shows sensitive records too").isTrue();

		Bundle review = clientWith(tokenAs(List.of(Roles.MEDICAL_ADMIN), "WSY01")).operation().onServer()
				.named("$break-glass-review").withNoParameters(Parameters.class).returnResourceType(Bundle.class)
				.execute();
		assertThat(events(review)).anySatisfy(event -> {
			assertThat(event.getSubtypeFirstRep().getCode()).isEqualTo("break-glass");
			assertThat(event.getEntityFirstRep().getWhat().getReference()).isEqualTo(person.county().getValue());
			assertThat(event.getAgent()).anySatisfy(agent ->
					assertThat(agent.getPurposeOfUseFirstRep().getCodingFirstRep().getCode()).isEqualTo("ETREAT"));
		});
		assertThat(events(review)).anySatisfy(event -> {
			assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
			assertThat(event.getEntityFirstRep().getWhat().getReference()).isEqualTo(person.county().getValue());
		});
		assertThatThrownBy(() -> clinician("WSY01").operation().onServer().named("$break-glass-review")
				.withNoParameters(Parameters.class).returnResourceType(Bundle.class).execute())
				.isInstanceOf(ForbiddenOperationException.class);

		TestClock clock = context().getBean(TestClock.class);
		try {
			clock.set(Instant.now().plus(Duration.ofHours(5)));
			assertThat(sees(township, person.countyReport())).as("the grant ended after 4 hours").isFalse();
		} finally {
			clock.reset();
		}
	}

	@Test
	default void theBureauSeesNoPatientAndTheAuditorOnlyTheAccessRecords() {
		Person person = person();
		IGenericClient bureau = clientWith(tokenAs(List.of(Roles.BUREAU_ANALYST)));
		assertThatThrownBy(() -> bureau.read().resource(Patient.class).withId(person.township()).execute())
				.isInstanceOf(ForbiddenOperationException.class);
		assertThat(reportsOf(bureau, person.idCard())).isEmpty();
		assertThat(sees(bureau, person.countyReport())).isFalse();

		IGenericClient auditor = clientWith(tokenAs(List.of(Roles.AUDITOR)));
		assertThat(sees(auditor, person.countyReport())).isFalse();
		Bundle trail = auditor.operation().onServer().named("$audit-trail")
				.withParameters(new Parameters().addParameter("_count", new IntegerType(20)))
				.returnResourceType(Bundle.class).execute();
		assertThat(trail.getEntry()).isNotEmpty().allSatisfy(e -> assertThat(e.getResource()).isInstanceOf(AuditEvent.class));
		assertThatThrownBy(() -> clinician("XRMYY").operation().onServer().named("$audit-trail")
				.withNoParameters(Parameters.class).returnResourceType(Bundle.class).execute())
				.isInstanceOf(ForbiddenOperationException.class);
	}

	@Test
	default void aPagingLinkOfOneUserIsRefusedToAnother() {
		Person person = person();
		report("XRMYY", person.county(), null);
		IGenericClient county = clinician("XRMYY");
		Bundle first = county.search().byUrl("DiagnosticReport?_count=1&subject=" + person.county().getValue())
				.returnBundle(Bundle.class).execute();
		String next = first.getLink(Bundle.LINK_NEXT).getUrl();
		// the link as this client addresses the hub (tokens are valid at the address they were issued for)
		String page = county.getServerBase() + next.substring(next.indexOf("/fhir") + "/fhir".length());
		assertThat(county.loadPage().byUrl(page).andReturnBundle(Bundle.class).execute().getEntry()).hasSize(1);
		assertThatThrownBy(() -> clinician("WSY01").loadPage().byUrl(page).andReturnBundle(Bundle.class).execute())
				.isInstanceOf(ForbiddenOperationException.class).hasMessageContaining("HUB-5811");
	}

	@Test
	default void aTransactionWithOneForbiddenEntryStoresNothing() {
		Person person = person();
		String code = "T" + AccessSeeds.next();
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (IIdType patient : List.of(person.township(), person.county())) {
			Observation observation = new Observation();
			observation.setStatus(Observation.ObservationStatus.FINAL);
			observation.getCode().addCoding().setSystem("urn:countyhub-test:code").setCode(code);
			observation.setSubject(new Reference(patient));
			observation.setValue(new StringType("阴性"));
			transaction.addEntry().setResource(observation).getRequest().setMethod(Bundle.HTTPVerb.POST)
					.setUrl("Observation");
		}
		assertThatThrownBy(() -> clinician("WSY01").transaction().withBundle(transaction).execute())
				.isInstanceOf(ForbiddenOperationException.class).hasMessageContaining("HUB-5807");
		Bundle stored = client().search().byUrl("Observation?code=urn:countyhub-test:code|" + code)
				.returnBundle(Bundle.class).execute();
		assertThat(stored.getEntry()).isEmpty();
	}

	@Test
	default void accessRecordsCannotBeWrittenThroughTheApiAndATamperedRowIsFound() {
		AuditEvent forged = new AuditEvent();
		forged.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", null));
		forged.setRecorded(new Date());
		forged.addAgent().setRequestor(true).setWho(new Reference().setDisplay("someone"));
		forged.getSource().setObserver(new Reference().setDisplay("county-hub"));
		assertThatThrownBy(() -> client().create().resource(forged).execute())
				.isInstanceOf(ForbiddenOperationException.class).hasMessageContaining("HUB-5806");
		assertThatThrownBy(() -> client().delete().resourceById("AuditEvent", "hub-audit-1").execute())
				.isInstanceOf(ForbiddenOperationException.class).hasMessageContaining("HUB-5806");

		Person person = person();
		sees(clinician("WSY01"), person.countyReport());
		IGenericClient auditor = clientWith(tokenAs(List.of(Roles.AUDITOR)));
		assertThat(verify(auditor).getParameterBool("intact")).isTrue();

		JdbcTemplate jdbc = context().getBean(JdbcTemplate.class);
		long last = jdbc.queryForObject("SELECT MAX(seq) FROM hub_audit_event", Long.class);
		String original = jdbc.queryForObject("SELECT actor FROM hub_audit_event WHERE seq = ?", String.class, last);
		jdbc.update("UPDATE hub_audit_event SET actor = ? WHERE seq = ?", "someone-else", last);
		try {
			Parameters broken = verify(auditor);
			assertThat(broken.getParameterBool("intact")).isFalse();
			assertThat(((IntegerType) broken.getParameterValue("brokenAt")).getValue()).isEqualTo((int) last);
			assertThat(broken.getParameterValue("problem").primitiveValue()).contains("changed");
		} finally {
			jdbc.update("UPDATE hub_audit_event SET actor = ? WHERE seq = ?", original, last);
		}
		assertThat(verify(auditor).getParameterBool("intact")).isTrue();
	}

	@Test
	default void whoReadMyRecordListsTheAccessesOfEachUnitWithTheirReasons() {
		Person person = person();
		encounterToday("WSY01", person.township());
		String townshipUser = "test-" + Roles.CLINICIAN + "@WSY01";
		String villageUser = "test-" + Roles.CLINICIAN + "@CWS0101";
		sees(clinician("WSY01"), person.countyReport());
		sees(clinician("CWS0101"), person.countyReport());

		Bundle list = clinician("XRMYY").operation().onType(Patient.class).named("$who-read-my-record")
				.withParameters(new Parameters().addParameter("identifier",
						new StringType(HubSystems.RESIDENT_ID_CARD + "|" + person.idCard())))
				.useHttpGet().returnResourceType(Bundle.class).execute();
		List<AuditEvent> township = events(list).stream().filter(e -> actor(e).equals(townshipUser)).toList();
		assertThat(township).hasSize(1);
		assertThat(township.get(0).getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
		assertThat(township.get(0).getPurposeOfEventFirstRep().getCodingFirstRep().getCode()).isEqualTo("relationship");
		assertThat(township.get(0).getEntityFirstRep().getWhat().getReference()).isEqualTo(person.county().getValue());
		List<AuditEvent> village = events(list).stream().filter(e -> actor(e).equals(villageUser)).toList();
		assertThat(village).hasSize(1);
		assertThat(village.get(0).getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
		assertThat(village.get(0).getPurposeOfEventFirstRep().getCodingFirstRep().getCode()).isEqualTo("none");

		assertThatThrownBy(() -> clinician("WSY02").operation().onType(Patient.class).named("$who-read-my-record")
				.withParameters(new Parameters().addParameter("identifier",
						new StringType(HubSystems.RESIDENT_ID_CARD + "|" + person.idCard())))
				.useHttpGet().returnResourceType(Bundle.class).execute())
				.isInstanceOf(ForbiddenOperationException.class).hasMessageContaining("HUB-5805");
	}

	private Parameters breakGlass(IGenericClient who, IIdType patient, String reason, String text) {
		return who.operation().onInstance(patient).named("$break-glass")
				.withParameters(new Parameters().addParameter("reason", new CodeType(reason))
						.addParameter("text", new StringType(text)))
				.returnResourceType(Parameters.class).execute();
	}

	private static Parameters verify(IGenericClient auditor) {
		return auditor.operation().onServer().named("$verify-audit-chain").withNoParameters(Parameters.class)
				.useHttpGet().execute();
	}

	private static String actor(AuditEvent event) {
		return event.getAgent().stream().filter(AuditEvent.AuditEventAgentComponent::getRequestor).findFirst()
				.map(a -> a.getWho().getIdentifier().getValue()).orElse("");
	}

	private static List<AuditEvent> events(Bundle bundle) {
		return bundle.getEntry().stream().map(e -> (AuditEvent) e.getResource()).toList();
	}

	/**
	 * The records an answer names: each entry's resource, or — for an entry whose resource was blanked — its
	 * fullUrl, since a hidden record's address alone already tells that it exists.
	 */
	private static List<String> ids(Bundle bundle) {
		return bundle.getEntry().stream()
				.map(e -> e.getResource() != null ? e.getResource().getIdElement() : new IdType(e.getFullUrl()))
				.filter(id -> id.hasIdPart()).map(id -> id.toUnqualifiedVersionless().getValue()).toList();
	}
}
