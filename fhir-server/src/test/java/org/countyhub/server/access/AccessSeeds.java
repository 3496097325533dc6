package org.countyhub.server.access;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * What member units write, for the access tests and benchmark: a unit's Patient record (its MRN, the ID card,
 * the unit as managingOrganization), a lab report performed by the unit, a visit in progress at the unit.
 */
public final class AccessSeeds {

	private static final AtomicLong SEQUENCE = new AtomicLong(System.nanoTime() % 100_000);

	private AccessSeeds() {}

	public static long next() {
		return SEQUENCE.incrementAndGet();
	}

	public static IIdType register(IGenericClient client, String unit, String idCard) {
		Patient patient = new Patient();
		patient.addIdentifier().setSystem("urn:countyhub-test:mrn:" + unit).setValue("A" + next());
		patient.addIdentifier().setSystem(HubSystems.RESIDENT_ID_CARD).setValue(idCard);
		patient.addName().setText("调阅测试").setFamily("调").addGiven("阅测试");
		patient.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE);
		patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1980-05-06"));
		patient.setManagingOrganization(new Reference("Organization/" + unit));
		return client.create().resource(patient).execute().getId().toUnqualifiedVersionless();
	}

	/** A final lab report of the unit, taken {@code daysAgo} days ago, with a security label if given. */
	public static IIdType report(IGenericClient client, String unit, IIdType patient, Coding label, int daysAgo) {
		DiagnosticReport report = new DiagnosticReport();
		report.addIdentifier().setSystem("urn:countyhub-test:filler:" + unit).setValue("R" + next());
		report.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL);
		report.addCategory().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v2-0074").setCode("LAB");
		report.getCode().addCoding().setSystem("http://loinc.org").setCode("58410-2").setDisplay("血常规");
		report.setSubject(new Reference(patient));
		report.addPerformer(new Reference("Organization/" + unit));
		report.setEffective(new DateTimeType(new Date(System.currentTimeMillis() - daysAgo * 86_400_000L)));
		if (label != null) {
			report.getMeta().addSecurity(label);
		}
		return client.create().resource(report).execute().getId().toUnqualifiedVersionless();
	}

	/** A visit in progress at the unit: a treating relationship. */
	public static void encounterToday(IGenericClient client, String unit, IIdType patient) {
		Encounter encounter = new Encounter();
		encounter.addIdentifier().setSystem("urn:countyhub-test:visit:" + unit).setValue("V" + next());
		encounter.setStatus(Encounter.EncounterStatus.INPROGRESS);
		encounter.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"));
		encounter.setSubject(new Reference(patient));
		encounter.setServiceProvider(new Reference("Organization/" + unit));
		encounter.setPeriod(new Period().setStart(new Date()));
		client.create().resource(encounter).execute();
	}
}
