package org.countyhub.server.prescription;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.countyhub.server.feeds.FeedMessages;

/** HL7 v2 messages of the prescription stories: a registration (ADT^A04) and a pharmacy order (RDE^O11). */
final class PrescriptionMessages {

	private static final DateTimeFormatter HL7_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT)
			.withZone(ZoneId.of("Asia/Shanghai"));

	/** One drug of a pharmacy order: ORC-1 control, ORC-2 placer number, RXE-2 drug, RXE-3 dose (mg), TQ1-3. */
	record Line(String control, String placer, String drugCode, String drugName, String doseMg, String frequency) {}

	private PrescriptionMessages() {}

	static String unique(String prefix) {
		return FeedMessages.unique(prefix);
	}

	static String idCard() {
		return FeedMessages.idCard();
	}

	private static String pid(String unit, String mrn, String idCard, String name, String birthDate, String sex) {
		return "PID|1||" + mrn + "^^^" + unit + "^MR~" + idCard + "^^^CHN^NNCHN||" + name + "||" + birthDate + "|" + sex
				+ "|||城关镇解放路12号^^示范县^浙江省^311100^CHN^H\r";
	}

	/** A registration at the unit's HIS, with an allergy (AL1) when {@code allergen} is not null. */
	static String registration(String unit, String mrn, String idCard, String name, String birthDate, String sex,
			String allergen) {
		String now = HL7_TIME.format(Instant.now());
		return "MSH|^~\\&|HIS|" + unit + "|COUNTYHUB|SFXYGT|" + now + "||ADT^A04^ADT_A01|" + unique("RG")
				+ "|P|2.5.1||||||UNICODE UTF-8\r"
				+ "EVN|A04|" + now + "\r"
				+ pid(unit, mrn, idCard, name, birthDate, sex)
				+ "PV1|1|O|内科^^^" + unit + "||||2001^王^医生||||||||||||" + unique("V") + "\r"
				+ (allergen == null ? "" : "AL1|1|DA|Z001^" + allergen + "^LOCAL|SV|皮疹|20200101\r");
	}

	/** A township HIS's encoded pharmacy order (RDE^O11, v2.5): one prescription (ORC-4) of several drugs. */
	static String pharmacyOrder(String unit, String control, String mrn, String idCard, String name, String birthDate,
			String prescription, String allergen, Line... lines) {
		String now = HL7_TIME.format(Instant.now());
		StringBuilder message = new StringBuilder("MSH|^~\\&|HIS|" + unit + "|COUNTYHUB|SFXYGT|" + now
				+ "||RDE^O11^RDE_O11|" + control + "|P|2.5||||||UNICODE UTF-8\r")
				.append(pid(unit, mrn, idCard, name, birthDate, "F"))
				.append("PV1|1|O|内科^^^").append(unit).append("||||2001^王^医生||||||||||||").append(unique("V"))
				.append('\r');
		if (allergen != null) {
			message.append("AL1|1|DA|Z001^").append(allergen).append("^LOCAL|SV|皮疹|20200101\r");
		}
		for (Line line : lines) {
			message.append("ORC|").append(line.control()).append('|').append(line.placer()).append("||")
					.append(prescription).append("|||||").append(now).append("|||2001^王^医生\r")
					.append("RXE||").append(line.drugCode()).append('^').append(line.drugName()).append("^LOCAL|")
					.append(line.doseMg()).append("||mg^mg|片||||14|片\r")
					.append("TQ1|1||").append(line.frequency()).append('\r')
					.append("RXR|PO^口服\r");
		}
		return message.toString();
	}
}
