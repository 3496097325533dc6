package org.countyhub.server.publichealth;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.countyhub.server.feeds.FeedMessages;

/** HL7 v2 messages of the demo county's HIS and LIS that carry notifiable cases, with unique numbers per call. */
final class CaseMessages {

	static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
	private static final DateTimeFormatter HL7_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);

	private CaseMessages() {}

	static String unique(String prefix) {
		return FeedMessages.unique(prefix);
	}

	static String idCard() {
		return FeedMessages.idCard();
	}

	static String hl7Time(Instant instant) {
		return HL7_TIME.format(instant.atZone(CHINA));
	}

	/** A registration (A04) at a unit's HIS with one diagnosis: DG1-3 code and name, DG1-5 time, DG1-6 type. */
	static String admissionWithDiagnosis(String unit, String control, String mrn, String idCard, String name,
			String code, String diagnosisName, Instant diagnosedAt, String type) {
		return "MSH|^~\\&|HIS|" + unit + "|COUNTYHUB|SFXYGT|" + hl7Time(diagnosedAt) + "||ADT^A04^ADT_A01|" + control
				+ "|P|2.5.1||||||UNICODE UTF-8\r"
				+ "EVN|A04|" + hl7Time(diagnosedAt) + "\r"
				+ "PID|1||" + mrn + "^^^" + unit + "^MR~" + idCard + "^^^CHN^NNCHN||" + name
				+ "||19800115|F|||城关镇解放路12号^^示范县^浙江省^311100^CHN^H||^PRN^PH^^^^^^^^^13800138000\r"
				+ "PV1|1|O|内科^^^" + unit + "||||2001^王^医生||||||||||||" + unique("V") + "\r"
				+ "DG1|1||" + code + "^" + diagnosisName + "^I10||" + hl7Time(diagnosedAt) + "|" + type
				+ "|||||||||1|2001^王^医生\r";
	}

	/** A lab result (ORU) of 示范县人民医院's LIS with one coded text result, e.g. HIVQZ 阳性. */
	static String labResult(String control, String mrn, String idCard, String item, String itemName, String value,
			Instant resultedAt) {
		String placer = unique("P");
		return "MSH|^~\\&|LIS|XRMYY|COUNTYHUB|SFXYGT|" + hl7Time(resultedAt) + "||ORU^R01^ORU_R01|" + control
				+ "|P|2.5.1||||||UNICODE UTF-8\r"
				+ "PID|1||" + mrn + "^^^XRMYY^MR~" + idCard + "^^^CHN^NNCHN||钱^小红||19750505|F\r"
				+ "PV1|1|O|检验科||||||||||||||||V" + mrn + "\r"
				+ "ORC|RE|" + placer + "|" + placer + "F\r"
				+ "OBR|1|" + placer + "|" + placer + "F|" + item + "^" + itemName + "^L|||" + hl7Time(resultedAt)
				+ "|||||||||||||||" + hl7Time(resultedAt) + "||LAB|F\r"
				+ "OBX|1|ST|" + item + "^" + itemName + "^L||" + value + "||阴性||||F|||" + hl7Time(resultedAt) + "\r";
	}
}
