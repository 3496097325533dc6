package org.countyhub.server.console.patients;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.console.ChineseFormats;
import org.countyhub.server.console.UnitLabels;
import org.countyhub.server.identity.ResidentIdCard;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/**
 * Member units' Patient records of a person, found through the hub's FHIR search as the signed-in person, and
 * grouped: records that carry the same valid 身份证号 are one person (the rule the hub's patient linking applies
 * first); a record without one stands alone.
 */
@OnEmbeddedSignIn
@Component
public class PatientRecords {

	/** Search answers are kept short: a person is looked for, not browsed. */
	static final int MAX_RECORDS = 50;
	/** Groups found by name or number that are completed with their other units' records. */
	static final int MAX_COMPLETED_GROUPS = 10;

	/** One unit's record. */
	public record UnitRecord(String patientId, String unit, String name, String numbers) {}

	/** One person: what the records say, and each unit's record. */
	public record Person(String name, String sex, String birthDate, String age, String idCard,
			List<UnitRecord> records) {}

	private final UnitLabels units;
	private final ChineseFormats formats;

	PatientRecords(UnitLabels units, ChineseFormats formats) {
		this.units = units;
		this.formats = formats;
	}

	List<Person> find(IGenericClient fhir, PatientQuery query) {
		List<Patient> found;
		if (!query.idCard().isEmpty()) {
			found = byIdCard(fhir, query.normalisedIdCard());
		} else if (!query.mrn().isEmpty()) {
			found = search(fhir, fhir.search().forResource(Patient.class)
					.where(Patient.IDENTIFIER.exactly().code(query.mrn()))
					.and(Patient.ORGANIZATION.hasId("Organization/" + query.mrnUnit())));
		} else {
			var search = fhir.search().forResource(Patient.class).where(Patient.NAME.matches().value(query.name()));
			if (query.birthDay() != null) {
				search = search.and(Patient.BIRTHDATE.exactly().day(query.birthDate()));
			}
			found = search(fhir, search);
		}
		Map<String, List<Patient>> groups = group(found);
		if (query.idCard().isEmpty()) {
			int completed = 0;
			for (Map.Entry<String, List<Patient>> group : groups.entrySet()) {
				if (group.getKey().startsWith("Patient/") || completed++ >= MAX_COMPLETED_GROUPS) {
					continue;
				}
				for (Patient other : byIdCard(fhir, group.getKey())) {
					if (group.getValue().stream().noneMatch(p -> sameId(p, other))) {
						group.getValue().add(other);
					}
				}
			}
		}
		return groups.values().stream().map(group -> person(fhir, group)).toList();
	}

	/** The person a record belongs to, with every unit's record that carries the same 身份证号. */
	Person personOf(IGenericClient fhir, Patient record) {
		List<Patient> records = new ArrayList<>();
		records.add(record);
		idCard(record).ifPresent(number -> byIdCard(fhir, number).stream()
				.filter(other -> !sameId(other, record)).forEach(records::add));
		return person(fhir, records);
	}

	private List<Patient> byIdCard(IGenericClient fhir, String number) {
		return search(fhir, fhir.search().forResource(Patient.class)
				.where(Patient.IDENTIFIER.exactly().systemAndCode(HubSystems.RESIDENT_ID_CARD, number)));
	}

	private static List<Patient> search(IGenericClient fhir, ca.uhn.fhir.rest.gclient.IQuery<?> query) {
		Bundle bundle = query.count(MAX_RECORDS).returnBundle(Bundle.class).execute();
		List<Patient> patients = new ArrayList<>();
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			if (entry.getResource() instanceof Patient patient) {
				patients.add(patient);
			}
		}
		return patients;
	}

	private static Map<String, List<Patient>> group(List<Patient> patients) {
		Map<String, List<Patient>> groups = new LinkedHashMap<>();
		for (Patient patient : patients) {
			String key = idCard(patient).orElse("Patient/" + patient.getIdElement().getIdPart());
			groups.computeIfAbsent(key, k -> new ArrayList<>()).add(patient);
		}
		return groups;
	}

	private Person person(IGenericClient fhir, List<Patient> records) {
		Patient first = records.get(0);
		List<UnitRecord> unitRecords = records.stream().map(patient -> new UnitRecord(
				patient.getIdElement().getIdPart(),
				units.name(patient.getManagingOrganization().getReferenceElement().getIdPart(), fhir),
				name(patient), numbers(patient))).toList();
		return new Person(name(first), formats.sex(first.getGender()),
				first.hasBirthDate() ? formats.day(first.getBirthDateElement()) : "",
				formats.age(birthDay(first)),
				ChineseFormats.maskIdCard(idCard(first).orElse("")), unitRecords);
	}

	static Optional<String> idCard(Patient patient) {
		return patient.getIdentifier().stream()
				.filter(id -> HubSystems.RESIDENT_ID_CARD.equals(id.getSystem()) && ResidentIdCard.isValid(id.getValue()))
				.map(id -> id.getValue().toUpperCase())
				.findFirst();
	}

	/** The birth date when the record gives the day (a year alone gives no age). */
	static LocalDate birthDay(Patient patient) {
		String value = patient.getBirthDateElement().getValueAsString();
		return value != null && value.length() == 10 ? LocalDate.parse(value) : null;
	}

	static String name(Patient patient) {
		if (patient.getName().isEmpty()) {
			return "（无姓名）";
		}
		HumanName name = patient.getNameFirstRep();
		if (name.hasText()) {
			return name.getText();
		}
		StringBuilder written = new StringBuilder(name.getFamily() == null ? "" : name.getFamily());
		name.getGiven().forEach(given -> written.append(given.getValue()));
		return written.toString();
	}

	/** The unit's own numbers (门诊号/住院号): every identifier but the 身份证号. */
	private static String numbers(Patient patient) {
		return String.join("、", patient.getIdentifier().stream()
				.filter(id -> !HubSystems.RESIDENT_ID_CARD.equals(id.getSystem()))
				.map(Identifier::getValue)
				.filter(value -> value != null && !value.isBlank())
				.toList());
	}

	private static boolean sameId(Patient a, Patient b) {
		return a.getIdElement().getIdPart().equals(b.getIdElement().getIdPart());
	}
}
