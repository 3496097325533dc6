package org.countyhub.server.publichealth;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Locale;
import java.util.UUID;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;

/**
 * A new report card (报告卡) pre-filled from the Patient at the reporting unit and the record that triggered it:
 * a draft (status in-progress) for the unit's 防保科 to check and confirm.
 */
final class ReportCardDraft {

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);

	private ReportCardDraft() {}

	static QuestionnaireResponse of(CaseTrigger trigger, Patient patient, Clock clock, ZoneId zone) {
		String number = trigger.unit().code() + "-" + DAY.format(trigger.diagnosedAt().atZone(zone)) + "-"
				+ UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
		QuestionnaireResponse card = new QuestionnaireResponse();
		card.setIdentifier(new Identifier().setSystem(HubSystems.REPORT_CARD_NUMBER).setValue(number));
		card.setQuestionnaire(HubSystems.REPORT_CARD_QUESTIONNAIRE);
		card.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.INPROGRESS);
		card.setSubject(new Reference(trigger.subject()));
		card.setAuthored(Date.from(clock.instant()));
		card.setAuthor(new Reference(trigger.unit().reference()).setDisplay(trigger.unit().name()));

		ReportCardFields.set(card, ReportCardFields.CARD_NUMBER, new StringType(number));
		ReportCardFields.set(card, ReportCardFields.REPORT_TYPE,
				new Coding(HubSystems.REPORT_CARD_TYPE, "initial", "初次报告"));
		ReportCardFields.set(card, ReportCardFields.PATIENT_NAME, text(name(patient)));
		patient.getIdentifier().stream()
				.filter(i -> HubSystems.RESIDENT_ID_CARD.equals(i.getSystem()) && i.hasValue()).findFirst()
				.ifPresent(i -> ReportCardFields.set(card, ReportCardFields.ID_NUMBER, new StringType(i.getValue())));
		if (patient.hasGender()) {
			ReportCardFields.set(card, ReportCardFields.GENDER, new Coding("http://hl7.org/fhir/administrative-gender",
					patient.getGender().toCode(), patient.getGender().getDisplay()));
		}
		if (patient.hasBirthDate()) {
			ReportCardFields.set(card, ReportCardFields.BIRTH_DATE, new DateType(patient.getBirthDateElement().getValueAsString()));
			LocalDate born = LocalDate.parse(patient.getBirthDateElement().getValueAsString().length() == 10
					? patient.getBirthDateElement().getValueAsString()
					: patient.getBirthDateElement().getValueAsString().substring(0, 4) + "-01-01");
			int age = Period.between(born, trigger.diagnosedAt().atZone(zone).toLocalDate()).getYears();
			ReportCardFields.set(card, ReportCardFields.AGE, new IntegerType(Math.max(age, 0)));
		}
		patient.getContact().stream()
				.filter(c -> c.hasOrganization() && c.getOrganization().hasDisplay()).findFirst()
				.ifPresent(c -> ReportCardFields.set(card, ReportCardFields.WORKPLACE,
						new StringType(c.getOrganization().getDisplay())));
		patient.getTelecom().stream()
				.filter(t -> t.getSystem() == ContactPoint.ContactPointSystem.PHONE && t.hasValue()).findFirst()
				.ifPresent(t -> ReportCardFields.set(card, ReportCardFields.PHONE, new StringType(t.getValue())));
		patient.getAddress().stream().findFirst()
				.ifPresent(a -> ReportCardFields.set(card, ReportCardFields.ADDRESS, text(address(a))));
		ReportCardFields.set(card, ReportCardFields.CASE_CLASS, caseClass(trigger.caseClass()));
		if (trigger.onset() != null) {
			ReportCardFields.set(card, ReportCardFields.ONSET_DATE, new DateType(
					trigger.onset().toInstant().atZone(zone).toLocalDate().toString()));
		}
		ReportCardFields.set(card, ReportCardFields.DIAGNOSIS_DATE, dateTime(trigger.diagnosedAt(), zone));
		NotifiableDisease disease = trigger.disease();
		ReportCardFields.set(card, ReportCardFields.DISEASE,
				new Coding(HubSystems.NOTIFIABLE_DISEASE, disease.code(), disease.name()));
		ReportCardFields.set(card, ReportCardFields.DISEASE_CLASS, new Coding(HubSystems.NOTIFIABLE_DISEASE_CLASS,
				disease.diseaseClass().code(), disease.diseaseClass().name()));
		ReportCardFields.set(card, ReportCardFields.REPORTING_UNIT, new StringType(trigger.unit().name()));
		if (trigger.doctor() != null) {
			ReportCardFields.set(card, ReportCardFields.REPORTING_DOCTOR, new StringType(trigger.doctor()));
		}
		ReportCardFields.set(card, ReportCardFields.FILL_DATE,
				new DateType(clock.instant().atZone(zone).toLocalDate().toString()));
		ReportCardFields.addReference(card, ReportCardFields.EVIDENCE, trigger.evidence());
		return card;
	}

	static Coding caseClass(CaseClass caseClass) {
		return new Coding(HubSystems.NOTIFIABLE_CASE_CLASS, caseClass.code(), caseClass.display());
	}

	static DateTimeType dateTime(Instant instant, ZoneId zone) {
		return new DateTimeType(Date.from(instant), TemporalPrecisionEnum.SECOND, java.util.TimeZone.getTimeZone(zone));
	}

	private static StringType text(String value) {
		return value == null || value.isBlank() ? null : new StringType(value);
	}

	private static String name(Patient patient) {
		if (!patient.hasName()) {
			return null;
		}
		HumanName name = patient.getNameFirstRep();
		if (name.hasText()) {
			return name.getText();
		}
		return (name.hasFamily() ? name.getFamily() : "") + name.getGiven().stream().map(g -> g.getValue())
				.reduce("", String::concat);
	}

	/** Chinese order, largest first: province, city, district, then the lines. */
	private static String address(Address address) {
		if (address.hasText()) {
			return address.getText();
		}
		StringBuilder text = new StringBuilder();
		for (String part : new String[] {address.getState(), address.getCity(), address.getDistrict()}) {
			if (part != null && !text.toString().contains(part)) {
				text.append(part);
			}
		}
		address.getLine().forEach(l -> text.append(l.getValue()));
		return text.toString();
	}
}
