package org.countyhub.server.identity;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;

/**
 * What member units write, shaped as the HL7 feed's translation writes it over FHIR REST: a Patient with the
 * unit's own MRN (its identifier system per unit) and the resident ID card as a second identifier, conditional on
 * the MRN; results (DiagnosticReport) with the unit as performer.
 */
final class UnitRecords {

	private static final AtomicLong SEQUENCE = new AtomicLong(System.nanoTime() % 100_000);

	private final IGenericClient client;

	UnitRecords(IGenericClient client) {
		this.client = client;
	}

	static String mrnSystem(String unit) {
		return "urn:countyhub-test:mrn:" + unit;
	}

	static String newMrn() {
		return "MRN" + SEQUENCE.incrementAndGet();
	}

	/** A valid 18-digit ID card number, unique per call (the check character is found, not hard-coded). */
	static String newIdCard() {
		long n = SEQUENCE.incrementAndGet();
		String body = String.format("330122%04d%02d%02d%03d", 1950 + n % 50, 1 + n % 12, 1 + n % 28, n % 1000);
		for (char check : "0123456789X".toCharArray()) {
			if (ResidentIdCard.isValid(body + check)) {
				return body + check;
			}
		}
		throw new IllegalStateException("no check character for " + body);
	}

	/** The same number with a wrong check character. */
	static String withWrongCheckDigit(String idCard) {
		for (char check : "0123456789X".toCharArray()) {
			String candidate = idCard.substring(0, 17) + check;
			if (!ResidentIdCard.isValid(candidate)) {
				return candidate;
			}
		}
		throw new IllegalStateException();
	}

	static Patient person(String name, String birthDate, Enumerations.AdministrativeGender sex, String phone,
			String idCard) {
		Patient patient = new Patient();
		HumanName humanName = patient.addName().setText(name);
		if (name.codePoints().allMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)) {
			humanName.setFamily(name.substring(0, 1)).addGiven(name.substring(1));
		}
		patient.setBirthDateElement(new DateType(birthDate));
		patient.setGender(sex);
		if (phone != null) {
			patient.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(phone);
		}
		if (idCard != null) {
			patient.addIdentifier().setSystem(HubSystems.RESIDENT_ID_CARD).setValue(idCard);
		}
		return patient;
	}

	/** The unit registers the person under its own MRN; returns the unit's Patient id. */
	IIdType register(String unit, String mrn, Patient person) {
		Patient patient = person.copy();
		patient.getIdentifier().add(0, new org.hl7.fhir.r4.model.Identifier().setSystem(mrnSystem(unit)).setValue(mrn));
		patient.setManagingOrganization(new Reference("Organization/" + unit));
		return client.create()
				.resource(patient)
				.conditionalByUrl("Patient?identifier=" + mrnSystem(unit) + "|" + mrn)
				.execute()
				.getId()
				.toUnqualifiedVersionless();
	}

	IIdType result(String unit, IIdType patient, String category, Date effective) {
		DiagnosticReport report = new DiagnosticReport();
		report.addIdentifier().setSystem("urn:countyhub-test:filler:" + unit).setValue("R" + SEQUENCE.incrementAndGet());
		report.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL);
		report.addCategory().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v2-0074").setCode(category);
		report.getCode().addCoding().setSystem("http://loinc.org").setCode("58410-2").setDisplay("血常规");
		report.setSubject(new Reference(patient));
		report.addPerformer(new Reference("Organization/" + unit));
		report.setEffective(new org.hl7.fhir.r4.model.DateTimeType(effective));
		if (category.equals("EC")) {
			// an ECG report carries its tracing (ecg-report profile)
			report.addPresentedForm().setContentType("application/pdf").setTitle("心电图")
					.setData("%PDF-1.4 test".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
		}
		return client.create().resource(report).execute().getId().toUnqualifiedVersionless();
	}

	/** One part of a link in the answer of {@code $mdm-query-links} (goldenResourceId, matchResult, ...). */
	static String part(org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent link, String name) {
		return link.getPart().stream()
				.filter(p -> p.getName().equals(name))
				.map(p -> p.getValue().primitiveValue())
				.findFirst()
				.orElse(null);
	}
}
