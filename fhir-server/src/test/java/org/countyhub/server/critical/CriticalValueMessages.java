package org.countyhub.server.critical;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.countyhub.server.feeds.FeedMessages;

/** HL7 v2 messages of the demo county around one critical value, with unique numbers per call. */
final class CriticalValueMessages {

	private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
	private static final DateTimeFormatter HL7_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);

	private CriticalValueMessages() {}

	static String unique(String prefix) {
		return FeedMessages.unique(prefix);
	}

	static String idCard() {
		return FeedMessages.idCard();
	}

	static String hl7Time(Instant instant) {
		return HL7_TIME.format(instant.atZone(CHINA));
	}

	/** A unit's HIS orders a potassium test (ORM^O01) for its patient: placer order number {@code placer}. */
	static String order(String unit, String control, String mrn, String idCard, String placer, Instant at) {
		return "MSH|^~\\&|HIS|" + unit + "|COUNTYHUB|SFXYGT|" + hl7Time(at) + "||ORM^O01^ORM_O01|" + control
				+ "|P|2.5.1||||||UNICODE UTF-8\r"
				+ "PID|1||" + mrn + "^^^" + unit + "^MR~" + idCard + "^^^CHN^NNCHN||周^建国||19560312|M\r"
				+ "PV1|1|O|内科^^^" + unit + "||||||||||||||||V" + mrn + "\r"
				+ "ORC|NW|" + placer + "|||||||" + hl7Time(at) + "|||2001^王^医生\r"
				+ "OBR|1|" + placer + "||K^钾^L|||" + hl7Time(at) + "||||||||||||||||||LAB\r";
	}

	/** An inpatient admission (A01) at a unit: the person is in hospital there now. */
	static String admission(String unit, String control, String mrn, String idCard, Instant at) {
		return "MSH|^~\\&|HIS|" + unit + "|COUNTYHUB|SFXYGT|" + hl7Time(at) + "||ADT^A01^ADT_A01|" + control
				+ "|P|2.5.1||||||UNICODE UTF-8\r"
				+ "EVN|A01|" + hl7Time(at) + "\r"
				+ "PID|1||" + mrn + "^^^" + unit + "^MR~" + idCard + "^^^CHN^NNCHN||周^建国||19560312|M\r"
				+ "PV1|1|I|内科^301^2^" + unit + "||||1001^李^医生||||||||||||" + unique("V")
				+ "|||||||||||||||||||||||||" + hl7Time(at) + "\r";
	}

	/**
	 * The county lab's result (ORU^R01 of 示范县人民医院's LIS) for the order {@code placer}: one numeric OBX of item
	 * {@code item} with the value, unit, flag (OBX-8) and status (F, or C for a correction); OBR-22 = resulted.
	 */
	static String result(String control, String mrn, String idCard, String placer, String filler, String item,
			String itemName, String value, String unit, String flag, String status, Instant resulted) {
		return "MSH|^~\\&|LIS|XRMYY|COUNTYHUB|SFXYGT|" + hl7Time(resulted) + "||ORU^R01^ORU_R01|" + control
				+ "|P|2.5.1||||||UNICODE UTF-8\r"
				+ "PID|1||" + mrn + "^^^XRMYY^MR~" + idCard + "^^^CHN^NNCHN||周^建国||19560312|M\r"
				+ "ORC|RE|" + placer + "|" + filler + "\r"
				+ "OBR|1|" + placer + "|" + filler + "|" + item + "^" + itemName + "^L|||" + hl7Time(resulted.minusSeconds(1800))
				+ "|||||||||||||||" + hl7Time(resulted) + "||LAB|" + status + "\r"
				+ "OBX|1|NM|" + item + "^" + itemName + "^L||" + value + "|" + unit + "|3.5-5.3|" + flag + "|||" + status
				+ "|||" + hl7Time(resulted) + "\r";
	}
}
