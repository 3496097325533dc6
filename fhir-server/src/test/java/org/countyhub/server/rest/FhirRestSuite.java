package org.countyhub.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.util.UUID;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/**
 * The FHIR REST behaviour every deployment relies on, run against each database the hub supports
 * (see the implementing classes). Each test makes its own patients with unique identifiers.
 */
interface FhirRestSuite {

	IGenericClient client();

	@Test
	default void patientIsCreatedReadAndUpdatedWithChineseTextIntact() {
		Patient patient = newPatient("张三丰");
		MethodOutcome created = client().create().resource(patient).execute();
		IIdType id = created.getId().toUnqualifiedVersionless();

		Patient read = client().read().resource(Patient.class).withId(id).execute();
		assertThat(read.getNameFirstRep().getText()).isEqualTo("张三丰");
		assertThat(read.getMeta().getVersionId()).isEqualTo("1");

		read.getNameFirstRep().setText("张三");
		read.setGender(Enumerations.AdministrativeGender.MALE);
		client().update().resource(read).execute();

		Patient updated = client().read().resource(Patient.class).withId(id).execute();
		assertThat(updated.getNameFirstRep().getText()).isEqualTo("张三");
		assertThat(updated.getMeta().getVersionId()).isEqualTo("2");
	}

	@Test
	default void historyKeepsEveryVersion() {
		Patient patient = newPatient("李四");
		IIdType id = client().create().resource(patient).execute().getId().toUnqualifiedVersionless();
		patient.setId(id);
		patient.getNameFirstRep().setText("李思");
		client().update().resource(patient).execute();

		Bundle history = client().history().onInstance(id).returnBundle(Bundle.class).execute();
		assertThat(history.getEntry()).hasSize(2);
		assertThat(history.getEntry())
				.extracting(e -> ((Patient) e.getResource()).getNameFirstRep().getText())
				.containsExactly("李思", "李四");

		Patient first = client().read().resource(Patient.class).withId(id.withVersion("1")).execute();
		assertThat(first.getNameFirstRep().getText()).isEqualTo("李四");
	}

	@Test
	default void patientIsFoundByItsIdCardNumber() {
		Patient patient = newPatient("王五");
		String idCard = patient.getIdentifierFirstRep().getValue();
		client().create().resource(patient).execute();
		client().create().resource(newPatient("赵六")).execute();

		Bundle found = client().search()
				.forResource(Patient.class)
				.where(Patient.IDENTIFIER.exactly().systemAndIdentifier(HubSystems.RESIDENT_ID_CARD, idCard))
				.returnBundle(Bundle.class)
				.execute();
		assertThat(found.getEntry()).hasSize(1);
		assertThat(((Patient) found.getEntryFirstRep().getResource()).getNameFirstRep().getText()).isEqualTo("王五");
	}

	@Test
	default void transactionWithConditionalCreatesTwiceCreatesNothingTheSecondTime() {
		Patient patient = newPatient("孙七");
		String idCard = patient.getIdentifierFirstRep().getValue();
		String obsId = "LAB-" + UUID.randomUUID();
		Bundle first = client().transaction().withBundle(labTransaction(patient, obsId)).execute();
		assertThat(first.getEntry()).extracting(e -> e.getResponse().getStatus()).allMatch(s -> s.startsWith("201"));

		Bundle second = client().transaction().withBundle(labTransaction(newPatientWithCard("孙七", idCard), obsId)).execute();
		assertThat(second.getEntry()).extracting(e -> e.getResponse().getStatus()).allMatch(s -> s.startsWith("200"));

		Bundle patients = client().search().forResource(Patient.class)
				.where(Patient.IDENTIFIER.exactly().systemAndIdentifier(HubSystems.RESIDENT_ID_CARD, idCard))
				.returnBundle(Bundle.class).execute();
		assertThat(patients.getEntry()).hasSize(1);
		Bundle observations = client().search().forResource(Observation.class)
				.where(Observation.IDENTIFIER.exactly().systemAndIdentifier("urn:test:lab", obsId))
				.returnBundle(Bundle.class).execute();
		assertThat(observations.getEntry()).hasSize(1);
		Observation obs = (Observation) observations.getEntryFirstRep().getResource();
		assertThat(obs.getSubject().getReference()).isEqualTo(
				patients.getEntryFirstRep().getResource().getIdElement().toUnqualifiedVersionless().getValue());
	}

	@Test
	default void everythingReturnsThePatientsResources() {
		Patient patient = newPatient("周八");
		String obsId = "LAB-" + UUID.randomUUID();
		Bundle response = client().transaction().withBundle(labTransaction(patient, obsId)).execute();
		IIdType patientId = new IdType(response.getEntry().get(0).getResponse().getLocation()).toUnqualifiedVersionless();

		Parameters out = client().operation().onInstance(patientId).named("$everything")
				.withNoParameters(Parameters.class).execute();
		Bundle everything = (Bundle) out.getParameterFirstRep().getResource();
		assertThat(everything.getEntry())
				.extracting(e -> e.getResource().fhirType())
				.contains("Patient", "Observation");
		// the Observation's performer (the member unit) comes along with them
		assertThat(everything.getEntry())
				.filteredOn(e -> !e.getResource().fhirType().equals("Organization"))
				.hasSize(2);
	}

	@Test
	default void demoCountyUnitsAreServedAsOrganizations() {
		Bundle township = client().search().forResource(Organization.class)
				.where(Organization.IDENTIFIER.exactly().systemAndIdentifier(HubSystems.HL7_FACILITY_CODE, "WSY01"))
				.returnBundle(Bundle.class).execute();
		assertThat(township.getEntry()).hasSize(1);
		Organization wsy01 = (Organization) township.getEntryFirstRep().getResource();
		assertThat(wsy01.getName()).isEqualTo("城关镇卫生院");
		assertThat(wsy01.getTypeFirstRep().getCodingFirstRep().getCode()).isEqualTo("township-centre");

		Organization village = client().read().resource(Organization.class).withId("CWS0101").execute();
		assertThat(village.getName()).isEqualTo("城关镇东村卫生室");
		assertThat(village.getPartOf().getReference()).isEqualTo("Organization/WSY01");

		Organization lead = client().read().resource(Organization.class).withId("XRMYY").execute();
		assertThat(lead.getPartOf().getReference()).isEqualTo("Organization/SFXYGT");
		assertThat(lead.getTypeFirstRep().getCodingFirstRep().getCode()).isEqualTo("lead-hospital");
	}

	private static Bundle labTransaction(Patient patient, String observationId) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		String patientUuid = "urn:uuid:" + UUID.randomUUID();
		String idCard = patient.getIdentifierFirstRep().getValue();
		bundle.addEntry().setFullUrl(patientUuid).setResource(patient).getRequest()
				.setMethod(Bundle.HTTPVerb.POST).setUrl("Patient")
				.setIfNoneExist("identifier=" + HubSystems.RESIDENT_ID_CARD + "|" + idCard);
		Observation obs = new Observation();
		obs.getMeta().addProfile(HubSystems.LAB_RESULT_PROFILE);
		obs.addCategory().addCoding()
				.setSystem("http://terminology.hl7.org/CodeSystem/observation-category").setCode("laboratory");
		obs.setEffective(new org.hl7.fhir.r4.model.DateTimeType("2026-11-20T08:00:00+08:00"));
		obs.addPerformer(new Reference("Organization/XRMYY"));
		obs.addIdentifier().setSystem("urn:test:lab").setValue(observationId);
		obs.setStatus(Observation.ObservationStatus.FINAL);
		obs.getCode().addCoding().setSystem("http://loinc.org").setCode("2345-7").setDisplay("葡萄糖");
		obs.setValue(new Quantity().setValue(5.6).setUnit("mmol/L").setSystem("http://unitsofmeasure.org").setCode("mmol/L"));
		obs.setSubject(new Reference(patientUuid));
		bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(obs).getRequest()
				.setMethod(Bundle.HTTPVerb.POST).setUrl("Observation")
				.setIfNoneExist("identifier=urn:test:lab|" + observationId);
		return bundle;
	}

	static Patient newPatient(String name) {
		return newPatientWithCard(name, TestIdCards.next());
	}

	static Patient newPatientWithCard(String name, String idCard) {
		Patient patient = new Patient();
		patient.addIdentifier().setSystem(HubSystems.RESIDENT_ID_CARD).setValue(idCard);
		patient.addName().setText(name).setFamily(name.substring(0, 1)).addGiven(name.substring(1));
		patient.setGender(Enumerations.AdministrativeGender.FEMALE);
		return patient;
	}
}
