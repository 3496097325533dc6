package org.countyhub.server.prescription;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.countyhub.county.MemberUnit;
import org.countyhub.server.recognition.results.PersonRecords;
import org.countyhub.server.workflow.ActingUnit;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;

/**
 * What the screening needs to know of a person, from every member unit: the person's records (the Patients the hub
 * links, {@link PersonRecords}), their active and held prescriptions with the unit of each, active allergies, and
 * whether a pregnancy is diagnosed (ICD-10 Z33 or chapter O, active). Four searches per person.
 */
@Component
class PersonMedications {

	private static final Pattern PREGNANCY = Pattern.compile("(Z33|O[0-9]{2}).*");
	private static final Set<String> INACTIVE_ALLERGY = Set.of("inactive", "resolved");
	private static final Set<String> NOT_AN_ALLERGY = Set.of("refuted", "entered-in-error");

	private final WorkflowStore store;
	private final PersonRecords persons;
	private final ActingUnit units;
	private final Formulary formulary;
	private final ZoneId zone;

	PersonMedications(WorkflowStore store, PersonRecords persons, ActingUnit units, Formulary formulary,
			PrescriptionProperties properties) {
		this.store = store;
		this.persons = persons;
		this.units = units;
		this.formulary = formulary;
		this.zone = properties.zone();
	}

	/** The person as screened on {@code day}; {@code patient} is a stored Patient (a record of one unit). */
	ScreeningRules.Person person(Patient patient, LocalDate day) {
		Set<String> records = persons.linkedPatients(patient);
		ReferenceOrListParam subjects = new ReferenceOrListParam();
		records.forEach(r -> subjects.addOr(new ReferenceParam(r)));
		Map<String, Patient> patients = new HashMap<>();
		patients.put("Patient/" + patient.getIdElement().getIdPart(), patient);

		SearchParameterMap orders = new SearchParameterMap();
		orders.add(MedicationRequest.SP_SUBJECT, subjects);
		orders.add(MedicationRequest.SP_STATUS, new TokenOrListParam().add(new TokenParam("active"))
				.add(new TokenParam("on-hold")));
		List<ScreeningRules.Order> active = new ArrayList<>();
		for (MedicationRequest order : store.search(MedicationRequest.class, orders)) {
			Optional<Formulary.Drug> drug = formulary.drug(order.getMedicationCodeableConcept());
			if (drug.isPresent() && order.getIntent() == MedicationRequest.MedicationRequestIntent.ORDER) {
				active.add(new ScreeningRules.Order("MedicationRequest/" + order.getIdElement().getIdPart(),
						drug.get(), Dosing.of(order), unitOfOther(order, patients).map(MemberUnit::name).orElse(null),
						prescription(order)));
			}
		}

		SearchParameterMap allergySearch = new SearchParameterMap();
		allergySearch.add(AllergyIntolerance.SP_PATIENT, subjects);
		List<ScreeningRules.Allergy> allergies = new ArrayList<>();
		for (AllergyIntolerance allergy : store.search(AllergyIntolerance.class, allergySearch)) {
			if (status(allergy.getClinicalStatus()).map(INACTIVE_ALLERGY::contains).orElse(false)
					|| status(allergy.getVerificationStatus()).map(NOT_AN_ALLERGY::contains).orElse(false)) {
				continue;
			}
			String substance = substance(allergy.getCode());
			if (!substance.isBlank()) {
				allergies.add(new ScreeningRules.Allergy("AllergyIntolerance/" + allergy.getIdElement().getIdPart(),
						substance));
			}
		}

		SearchParameterMap conditions = new SearchParameterMap();
		conditions.add(Condition.SP_SUBJECT, subjects);
		boolean pregnant = store.search(Condition.class, conditions).stream()
				.filter(c -> status(c.getClinicalStatus()).map(s -> s.equals("active")).orElse(true))
				.filter(c -> status(c.getVerificationStatus()).map(s -> !NOT_AN_ALLERGY.contains(s)).orElse(true))
				.anyMatch(c -> c.getCode().getCoding().stream()
						.anyMatch(coding -> coding.hasCode() && PREGNANCY.matcher(coding.getCode()).matches()));

		Integer age = patient.hasBirthDate()
				? Period.between(patient.getBirthDate().toInstant().atZone(zone).toLocalDate(), day).getYears()
				: null;
		return new ScreeningRules.Person(age, pregnant, allergies, active);
	}

	/**
	 * The prescribing unit: the requester Organization, a requesting PractitionerRole's organization (stored, or
	 * an entry of the same Bundle), else the unit whose record the patient is.
	 */
	Optional<MemberUnit> unitOf(MedicationRequest order, Patient patient) {
		Reference requester = order.getRequester();
		if (requester.getResource() instanceof PractitionerRole role) {
			return units.ofOrganization(role.getOrganization().getReference());
		}
		String reference = requester.getReference();
		if (reference != null && reference.startsWith("PractitionerRole/")) {
			Optional<MemberUnit> unit = store.resolve(PractitionerRole.class, requester)
					.flatMap(role -> units.ofOrganization(role.getOrganization().getReference()));
			if (unit.isPresent()) {
				return unit;
			}
		}
		if (reference != null && reference.startsWith("Organization/")) {
			return units.ofOrganization(reference);
		}
		return patient == null ? Optional.empty()
				: units.ofOrganization(patient.getManagingOrganization().getReference());
	}

	static String prescription(MedicationRequest order) {
		return order.hasGroupIdentifier() ? order.getGroupIdentifier().getSystem() + "|"
				+ order.getGroupIdentifier().getValue() : null;
	}

	/**
	 * The unit of another order of the person: by its requester, else by its patient's record, read one by one
	 * and only then (a search loading the Patients would also load one the caller's transaction has just written,
	 * which Hibernate refuses with an AssertionError under -ea).
	 */
	private Optional<MemberUnit> unitOfOther(MedicationRequest order, Map<String, Patient> patients) {
		Optional<MemberUnit> byRequester = unitOf(order, (Patient) null);
		if (byRequester.isPresent()) {
			return byRequester;
		}
		Patient patient = patients.computeIfAbsent(order.getSubject().getReference(),
				reference -> store.read(Patient.class, reference));
		return unitOf(order, patient);
	}

	private static Optional<String> status(CodeableConcept concept) {
		return concept.getCoding().stream().map(Coding::getCode).filter(java.util.Objects::nonNull).findFirst();
	}

	private static String substance(CodeableConcept code) {
		List<String> parts = new ArrayList<>();
		if (code.hasText()) {
			parts.add(code.getText());
		}
		for (Coding coding : code.getCoding()) {
			if (coding.hasDisplay()) {
				parts.add(coding.getDisplay());
			}
			if (coding.hasCode()) {
				parts.add(coding.getCode());
			}
		}
		return parts.stream().distinct().collect(Collectors.joining(" "));
	}
}
