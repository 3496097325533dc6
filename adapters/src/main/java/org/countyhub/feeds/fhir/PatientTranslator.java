package org.countyhub.feeds.fhir;

import java.util.List;
import org.countyhub.county.UnitFeed;
import org.countyhub.feeds.hl7.Field;
import org.countyhub.feeds.hl7.Segment;
import org.countyhub.profiles.HubSystems;
import org.countyhub.profiles.ResidentIdCard;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;

/**
 * PID to Patient, as the sending unit knows the person: its own patient number (PID-3, in the unit's MRN
 * system) is the business identifier the hub matches on; the resident ID card number (居民身份证号) is taken from
 * PID-3 repetitions of the unit's ID-card identifier types, or PID-19, into the national system.
 */
public final class PatientTranslator {

	/**
	 * Most PID-3 repetitions a message may carry. Real systems send a handful (patient number, ID card, 医保卡号,
	 * 健康卡号); a PID-3 of thousands made each such registration cost seconds of indexing and made every one a
	 * matching candidate of every other (issue 20's hostile corpus), so it is refused, kept in the journal for replay.
	 */
	static final int MAX_IDENTIFIERS = 20;

	private PatientTranslator() {}

	/**
	 * The patient as the message describes it, the identifier it is matched on, and what the message says beyond
	 * its values ({@link FeedUpdate}: fields sent as {@code ""}, defaults): the server merges it into the stored
	 * record, so a field the message leaves empty keeps what the hub holds.
	 */
	public record Translated(Patient patient, Identifier key, FeedUpdate update) {}

	public static Translated translate(Segment pid, FeedContext ctx) {
		UnitFeed feed = ctx.unit().feed();
		Patient patient = new Patient();
		Identifier mrn = null;
		List<Field> identifiers = pid.repetitions(3);
		if (identifiers.size() > MAX_IDENTIFIERS) {
			throw new FeedException(FeedException.Ack.AE, 2024, "102", "PID-3 repeats " + identifiers.size()
					+ " times, more than the " + MAX_IDENTIFIERS + " identifiers one patient may carry");
		}
		for (Field cx : identifiers) {
			String value = cx.component(1);
			if (value.isEmpty()) {
				continue;
			}
			if (feed.idCardTypes().contains(cx.component(5))) {
				addIdCard(patient, value, ctx);
			} else {
				Identifier id = Identifiers.mrn(value, feed.mrnSystem());
				patient.addIdentifier(id);
				if (mrn == null) {
					mrn = id;
				}
			}
		}
		if (mrn == null) {
			// v2.3 systems often send the number in PID-2 (external id) only
			String external = pid.value(2);
			if (!external.isEmpty()) {
				mrn = Identifiers.mrn(external, feed.mrnSystem());
				patient.addIdentifier(mrn);
			}
		}
		if (mrn == null) {
			throw FeedException.missing(2010, "PID-3 carries no patient number of the unit (only ID card numbers or none)");
		}
		FeedUpdate update = ctx.update(mrn);
		if (feed.idCardInPid19() && !pid.value(19).isEmpty()) {
			addIdCard(patient, pid.value(19), ctx);
		} else if (feed.idCardInPid19() && pid.isNull(19)) {
			update.erase("identifier:" + HubSystems.RESIDENT_ID_CARD).erase("identifier:" + ctx.system("id-card-as-sent"));
		}
		patient.setActive(true);
		for (Field xpn : pid.repetitions(5)) {
			if (!xpn.isEmpty()) {
				patient.addName(HumanNames.of(xpn));
			}
		}
		var birth = Hl7Times.date(pid.value(7));
		if (birth != null) {
			patient.setBirthDateElement(birth);
		} else if (!pid.value(7).isBlank()) {
			// a birth date that cannot be read is never dropped silently: matching and age checks depend on it
			throw new FeedException(FeedException.Ack.AE, 2202, "102",
					"PID-7 birth date is not a date (YYYY[MM[DD]]); correct it and send again");
		}
		patient.setGender(gender(pid.value(8)));
		if (pid.value(8).isEmpty() && !pid.isNull(8)) {
			// no information: "unknown" only for a record that has no gender yet
			update.fillOnly("gender");
		}
		for (Field xad : pid.repetitions(11)) {
			if (!xad.isEmpty()) {
				patient.addAddress(ContactDetails.address(xad));
			}
		}
		for (Field xtn : pid.repetitions(13)) {
			ContactPoint point = ContactDetails.telecom(xtn, ContactPoint.ContactPointUse.HOME);
			if (point != null) {
				patient.addTelecom(point);
			}
		}
		for (Field xtn : pid.repetitions(14)) {
			ContactPoint point = ContactDetails.telecom(xtn, ContactPoint.ContactPointUse.WORK);
			if (point != null) {
				patient.addTelecom(point);
			}
		}
		if (!pid.value(16).isEmpty()) {
			patient.setMaritalStatus(maritalStatus(pid.value(16), pid.value(16, 2)));
		}
		DateTimeType deceased = Hl7Times.dateTime(pid.value(29));
		if (deceased != null) {
			patient.setDeceased(deceased);
		} else if (pid.value(30).equals("Y")) {
			patient.setDeceased(new BooleanType(true));
		}
		patient.setManagingOrganization(new Reference(ctx.unit().reference()));
		erasures(pid, update);
		return new Translated(patient, mrn, update);
	}

	/** PID fields sent as {@code ""} and the elements (or parts of them) they delete. */
	private static void erasures(Segment pid, FeedUpdate update) {
		if (pid.isNull(5)) {
			update.erase("name");
		}
		if (pid.isNull(7)) {
			update.erase("birthDate");
		}
		if (pid.isNull(11)) {
			update.erase("address");
		}
		if (pid.isNull(13)) {
			update.erase("telecom:home").erase("telecom:mobile");
		}
		if (pid.isNull(14)) {
			update.erase("telecom:work");
		}
		if (pid.isNull(16)) {
			update.erase("maritalStatus");
		}
		if (pid.isNull(29) && (pid.isNull(30) || pid.value(30).isEmpty())) {
			update.erase("deceased");
		}
	}

	/**
	 * An ID card number goes into the national system only when it has the shape of one (18 characters, the last
	 * a digit or X; a lower-case x is written upper-case); anything else the unit sent there (an old 15-digit
	 * number, a foreign ID, a social security number) is kept, not lost, under the unit's own
	 * {@code id-card-as-sent} system, where it cannot be mistaken for a resident ID card.
	 */
	private static void addIdCard(Patient patient, String sent, FeedContext ctx) {
		String value = sent.trim().toUpperCase(java.util.Locale.ROOT);
		boolean national = ResidentIdCard.hasValidShape(value);
		String system = national ? HubSystems.RESIDENT_ID_CARD : ctx.system("id-card-as-sent");
		String kept = national ? value : sent;
		boolean known = patient.getIdentifier().stream()
				.anyMatch(i -> system.equals(i.getSystem()) && kept.equals(i.getValue()));
		if (!known) {
			patient.addIdentifier(national ? Identifiers.idCard(value) : Identifiers.of(system, kept, null));
		}
	}

	/** The codes HL7 table 0002 shares with FHIR's v3-MaritalStatus (the binding FHIR R4 uses). */
	private static final java.util.Set<String> V3_MARITAL_STATUS =
			java.util.Set.of("A", "D", "I", "L", "M", "P", "S", "T", "U", "W");

	/**
	 * PID-16 as a coding of v3-MaritalStatus when it is one of its codes; anything else (table 0002's other codes,
	 * free text such as "Married") is kept as text, not as a code the CodeSystem does not have.
	 */
	static CodeableConcept maritalStatus(String code, String display) {
		CodeableConcept status = new CodeableConcept();
		if (V3_MARITAL_STATUS.contains(code)) {
			status.addCoding(Concepts.coding("", "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus", code,
					display));
		} else {
			status.setText(display.isEmpty() ? code : display);
		}
		return status;
	}

	/** HL7 table 0001. */
	static Enumerations.AdministrativeGender gender(String sex) {
		return switch (sex) {
			case "M" -> Enumerations.AdministrativeGender.MALE;
			case "F" -> Enumerations.AdministrativeGender.FEMALE;
			case "O", "A", "N" -> Enumerations.AdministrativeGender.OTHER;
			case "U", "" -> Enumerations.AdministrativeGender.UNKNOWN;
			default -> Enumerations.AdministrativeGender.UNKNOWN;
		};
	}
}
