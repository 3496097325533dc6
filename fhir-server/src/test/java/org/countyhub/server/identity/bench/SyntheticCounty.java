package org.countyhub.server.identity.bench;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * A synthetic county population, shaped like what the feeds write (one transaction per person and unit, as an HL7
 * A04 + results would produce): the unit's Patient by MRN with the resident ID card, visits (Encounter) at that
 * unit, laboratory reports with their Observations, imaging and ECG reports, and now and then an up-referral.
 * Deterministic for a seed, so runs compare.
 */
public final class SyntheticCounty {

	static final String[] UNITS = {"XRMYY", "XZYY", "WSY01", "WSY02", "CWS0101"};
	private static final String[] FAMILY = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高"};
	private static final String[] GIVEN = {"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
			"涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建国", "志强"};
	private static final String[][] LAB_ITEMS = {
			{"718-7", "血红蛋白", "g/L", "130"}, {"6690-2", "白细胞计数", "10*9/L", "6.5"},
			{"777-3", "血小板计数", "10*9/L", "220"}, {"2345-7", "葡萄糖", "mmol/L", "5.6"},
			{"2160-0", "肌酐", "umol/L", "80"}, {"1742-6", "丙氨酸氨基转移酶", "U/L", "25"}};

	private final Random random;
	private final UUID run = UUID.randomUUID();
	private final java.util.Set<String> idCards = new java.util.HashSet<>();

	public SyntheticCounty(long seed) {
		this.random = new Random(seed);
	}

	/** A person: who they are, and where they are registered. */
	public record Person(String name, LocalDate birthDate, Enumerations.AdministrativeGender sex, String phone, String idCard,
			List<String> units) {}

	public Person nextPerson(int minUnits, int maxUnits) {
		String name = FAMILY[random.nextInt(FAMILY.length)] + GIVEN[random.nextInt(GIVEN.length)];
		LocalDate birth = LocalDate.of(1935 + random.nextInt(85), 1 + random.nextInt(12), 1 + random.nextInt(28));
		Enumerations.AdministrativeGender sex = random.nextBoolean()
				? Enumerations.AdministrativeGender.MALE : Enumerations.AdministrativeGender.FEMALE;
		String phone = "13" + (100_000_000 + random.nextInt(900_000_000));
		String body;
		do {
			body = String.format("330122%s%03d", birth.toString().replace("-", ""), random.nextInt(1000));
		} while (!idCards.add(body));
		List<String> units = new ArrayList<>(List.of(UNITS));
		java.util.Collections.shuffle(units, random);
		int count = minUnits + random.nextInt(maxUnits - minUnits + 1);
		return new Person(name, birth, sex, phone, body + checkCharacter(body), List.copyOf(units.subList(0, count)));
	}

	/** The transaction a unit's feed would write for the person: registration and about {@code resources} more. */
	public Bundle registration(Person person, String unit, int resources) {
		Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		String mrnSystem = "urn:countyhub-bench:mrn:" + unit;
		String mrn = run + "-" + person.idCard() + "-" + unit;
		Patient patient = new Patient();
		patient.addIdentifier().setSystem(mrnSystem).setValue(mrn);
		patient.addIdentifier().setSystem(HubSystems.RESIDENT_ID_CARD).setValue(person.idCard());
		patient.addName().setText(person.name()).setFamily(person.name().substring(0, 1)).addGiven(person.name().substring(1));
		patient.setGender(person.sex());
		patient.setBirthDateElement(new DateType(Date.from(person.birthDate().atStartOfDay(ZoneOffset.UTC).toInstant())));
		patient.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(person.phone());
		patient.setManagingOrganization(new Reference("Organization/" + unit));
		String patientRef = "urn:uuid:" + UUID.randomUUID();
		tx.addEntry().setFullUrl(patientRef).setResource(patient).getRequest()
				.setMethod(Bundle.HTTPVerb.POST).setUrl("Patient")
				.setIfNoneExist("identifier=" + mrnSystem + "|" + mrn);

		int written = 0;
		while (written < resources) {
			Date day = Date.from(LocalDate.now().minusDays(random.nextInt(3650)).atStartOfDay(ZoneOffset.UTC).toInstant());
			String encounterRef = "urn:uuid:" + UUID.randomUUID();
			Encounter encounter = new Encounter();
			encounter.setStatus(Encounter.EncounterStatus.FINISHED);
			encounter.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "门诊"));
			encounter.setSubject(new Reference(patientRef));
			encounter.setServiceProvider(new Reference("Organization/" + unit));
			encounter.setPeriod(new Period().setStart(day).setEnd(day));
			add(tx, encounterRef, encounter);
			written++;

			int kind = random.nextInt(10);
			if (kind < 6) {
				written += labReport(tx, patientRef, encounterRef, unit, day);
			} else if (kind < 8) {
				add(tx, null, report(patientRef, encounterRef, unit, day, "RAD", "24627-2", "胸部X线检查"));
				written++;
			} else if (kind < 9) {
				add(tx, null, report(patientRef, encounterRef, unit, day, "EC", "11524-6", "心电图"));
				written++;
			} else {
				ServiceRequest referral = new ServiceRequest();
				referral.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
				referral.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
				referral.addCategory(new CodeableConcept(new Coding("http://snomed.info/sct", "3457005", "转诊")));
				referral.setSubject(new Reference(patientRef));
				referral.setEncounter(new Reference(encounterRef));
				referral.setAuthoredOn(day);
				referral.setRequester(new Reference("Organization/" + unit));
				referral.addPerformer(new Reference("Organization/XRMYY"));
				add(tx, null, referral);
				written++;
			}
		}
		return tx;
	}

	private int labReport(Bundle tx, String patientRef, String encounterRef, String unit, Date day) {
		DiagnosticReport report = report(patientRef, encounterRef, unit, day, "LAB", "58410-2", "血常规");
		int items = 3 + random.nextInt(4);
		for (int i = 0; i < items; i++) {
			String[] item = LAB_ITEMS[(i + random.nextInt(LAB_ITEMS.length)) % LAB_ITEMS.length];
			Observation obs = new Observation();
			obs.setStatus(Observation.ObservationStatus.FINAL);
			obs.addCategory(new CodeableConcept(new Coding(
					"http://terminology.hl7.org/CodeSystem/observation-category", "laboratory", "检验")));
			obs.setCode(new CodeableConcept(new Coding("http://loinc.org", item[0], item[1])));
			obs.setSubject(new Reference(patientRef));
			obs.setEncounter(new Reference(encounterRef));
			obs.setEffective(new DateTimeType(day));
			obs.addPerformer(new Reference("Organization/" + unit));
			double value = Double.parseDouble(item[3]) * (0.7 + random.nextDouble() * 0.6);
			obs.setValue(new Quantity().setValue(Math.round(value * 10) / 10.0).setUnit(item[2])
					.setSystem("http://unitsofmeasure.org").setCode(item[2]));
			String ref = "urn:uuid:" + UUID.randomUUID();
			add(tx, ref, obs);
			report.addResult(new Reference(ref));
		}
		add(tx, null, report);
		return items + 1;
	}

	private static DiagnosticReport report(String patientRef, String encounterRef, String unit, Date day,
			String category, String loinc, String display) {
		DiagnosticReport report = new DiagnosticReport();
		report.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL);
		report.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v2-0074", category, null)));
		report.setCode(new CodeableConcept(new Coding("http://loinc.org", loinc, display)));
		report.setSubject(new Reference(patientRef));
		report.setEncounter(new Reference(encounterRef));
		report.setEffective(new DateTimeType(day));
		report.setIssued(day);
		report.addPerformer(new Reference("Organization/" + unit));
		if ("EC".equals(category)) {
			// an ECG report carries its tracing as a PDF (ecg-report profile)
			report.addPresentedForm().setContentType("application/pdf").setTitle("心电图报告")
					.setData("%PDF-1.4\n%synthetic tracing\n%%EOF\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
			report.setConclusion("窦性心律，正常心电图。");
		}
		return report;
	}

	private static void add(Bundle tx, String fullUrl, Resource resource) {
		tx.addEntry().setFullUrl(fullUrl == null ? "urn:uuid:" + UUID.randomUUID() : fullUrl).setResource(resource)
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(resource.fhirType());
	}

	private static char checkCharacter(String first17) {
		int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
		int sum = 0;
		for (int i = 0; i < 17; i++) {
			sum += (first17.charAt(i) - '0') * weights[i];
		}
		return "10X98765432".charAt(sum % 11);
	}
}
