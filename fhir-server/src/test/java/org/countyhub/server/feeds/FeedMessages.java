package org.countyhub.server.feeds;

import java.util.concurrent.ThreadLocalRandom;

/** Messages as the demo county's HIS, LIS, PACS and ECG systems send them, with unique numbers per test. */
public final class FeedMessages {

	private FeedMessages() {}

	/** A number no other test uses. */
	public static String unique(String prefix) {
		return prefix + Long.toString(System.nanoTime(), 36).toUpperCase() + ThreadLocalRandom.current().nextInt(1000);
	}

	/** A valid 18-digit resident ID card number (GB 11643 check digit), unique per call. */
	public static String idCard() {
		String body = "330102" + (1950 + ThreadLocalRandom.current().nextInt(60)) + "0101"
				+ String.format("%03d", ThreadLocalRandom.current().nextInt(1000));
		int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
		int sum = 0;
		for (int i = 0; i < 17; i++) {
			sum += (body.charAt(i) - '0') * weights[i];
		}
		return body + "10X98765432".charAt(sum % 11);
	}

	static String msh(String app, String unit, String type, String controlId, String version, String charset) {
		return "MSH|^~\\&|" + app + "|" + unit + "|COUNTYHUB|SFXYGT|20250301101500||" + type + "|" + controlId
				+ "|P|" + version + "||||||" + charset + "\r";
	}

	static String adt(String event, String unit, String controlId, String mrn, String idCard, String name,
			String visit, String charset) {
		return msh("HIS", unit, "ADT^" + event + "^ADT_A01", controlId, "2.5.1", charset)
				+ "EVN|" + event + "|20250301101500\r"
				+ "PID|1||" + mrn + "^^^" + unit + "^MR~" + idCard + "^^^CHN^NNCHN||" + name
				+ "||19800115|F|||城关镇解放路12号^^示范县^浙江省^311100^CHN^H||^PRN^PH^^^^^^^^^13800138000|||M\r"
				+ "PV1|1|I|内科^301^2^" + unit + "||||1001^李^医生||||||||||||" + visit
				+ "|||||||||||||||||||||||||20250301093000\r";
	}

	/**
	 * The DG1 and AL1 segments of an admission at XRMYY: 2型糖尿病 in the unit's local ICD-10 code (E11.901, which its
	 * table maps to the national E11.900) and 高血压 in the national code, both admitting diagnoses; a severe
	 * penicillin allergy (青霉素过敏).
	 */
	static String diagnosesAndAllergy() {
		return "DG1|1||E11.901^2型糖尿病^I10||20250301100000|A|||||||||1|1001^李^医生\r"
				+ "DG1|2||I10.x00^高血压^I10||20250301100000|A|||||||||2|1001^李^医生\r"
				+ "AL1|1|DA|Z001^青霉素^LOCAL|SV|皮疹~呼吸困难|20200101\r";
	}

	/** A lab result with every OBX value type the county's LIS send, as XRMYY's LIS writes it (GB18030). */
	static String labResult(String controlId, String mrn, String placer, String filler, String specimen,
			String status, String wbc) {
		return msh("LIS", "XRMYY", "ORU^R01^ORU_R01", controlId, "2.5.1", "GB 18030-2000")
				+ "PID|1||" + mrn + "^^^XRMYY^MR||王^小明||19750505|M\r"
				+ "PV1|1|O|检验科||||||||||||||||V" + mrn + "\r"
				+ "ORC|RE|" + placer + "|" + filler + "\r"
				+ "OBR|1|" + placer + "|" + filler + "|CBC^血常规^L|||20250301083000|||||||||||||||20250301113000||LAB|"
				+ status + "\r"
				+ "NTE|1||标本轻度溶血\r"
				+ "OBX|1|NM|WBC^白细胞计数^L||" + wbc + "|10\\S\\9/L|3.5-9.5|H|||" + (status.equals("C") ? "C" : "F")
				+ "|||20250301100000\r"
				+ "OBX|2|NM|HGB^血红蛋白^L||135|g/L|130-175|N|||F\r"
				+ "OBX|3|NM|GLU^葡萄糖^L||<0.5|mmol/L|<6.1|L|||F\r"
				+ "OBX|4|SN|CREA^肌酐^L||>^450|umol/L|>=5|HH|||F\r"
				+ "OBX|5|SN|TITER^抗体滴度^L||^1^:^128||||||F\r"
				+ "OBX|6|SN|NEUT%^中性粒细胞百分比^L||^50^-^70|%|||||F\r"
				+ "OBX|7|ST|HBSAG^乙肝表面抗原^L||阴性||阴性|阴性|||F\r"
				+ "NTE|1||复检结果一致\r"
				+ "OBX|8|CWE|ABO^血型^L||A^A型^L||||||F\r"
				+ "OBX|9|TX|MORPH^形态描述^L||红细胞形态正常~未见异常细胞||||||F\r"
				+ "OBX|10|FT|ADVICE^检验意见^L||第一行\\.br\\第二行||||||F\r"
				+ "OBX|11|ED|PDF^报告单^L||LIS^AP^PDF^Base64^JVBERi0xLjQKJcfsj6IK||||||F\r"
				+ "OBX|12|DT|NEXT^复查日期^L||20250315||||||F\r"
				+ "SPM|1|" + specimen + "||BLD^全血^L|||||||||||||20250301083000|20250301090000\r"
				+ "ZLS|1|XRMYY自定义段\r";
	}

	static String order(String control, String unit, String mrn, String placer, String orderControl) {
		return msh("HIS", unit, "ORM^O01^ORM_O01", control, "2.3.1", "UNICODE UTF-8")
				+ "PID|1||" + mrn + "^^^" + unit + "^MR||赵^六||19900101|M\r"
				+ "PV1|1|O|门诊||||||||||||||||V" + mrn + "\r"
				+ "ORC|" + orderControl + "|" + placer + "||||||||||2001^王^医生\r"
				+ "OBR|1|" + placer + "||GLU^葡萄糖^L|||20250301080000||||||||||||||||||LAB\r"
				+ "NTE|1||空腹采血\r";
	}

	static String imagingReport(String control, String mrn, String placer, String filler, String studyUid) {
		return msh("PACS", "XRMYY", "ORU^R01", control, "2.4", "UNICODE UTF-8")
				+ "PID|1||" + mrn + "^^^XRMYY^MR||孙^七||19600808|M\r"
				+ "OBR|1|" + placer + "|" + filler + "|CT-CHEST^胸部CT平扫^L|||20250301090000|||||||||||||||20250301100000||CT|F"
				+ "|||||||1003^周^主任\r"
				+ "OBX|1|TX|JCSJ^检查所见^L||双肺纹理清晰，未见明确实质性病变。~纵隔居中。||||||F\r"
				+ "OBX|2|TX|ZDYJ^诊断意见^L||胸部CT平扫未见明显异常。||||||F\r"
				+ "ZDS|" + studyUid + "^PACS^Application^DICOM\r";
	}

	static String ecgReport(String control, String mrn, String filler, String pdfBase64) {
		return msh("ECG", "XRMYY", "ORU^R01^ORU_R01", control, "2.5", "UNICODE UTF-8")
				+ "PID|1||" + mrn + "^^^XRMYY^MR||钱^八||19700707|F\r"
				+ "OBR|1||" + filler + "|ECG12^十二导联心电图^L|||20250301091000|||||||||||||||20250301092000||EC|F\r"
				+ "OBX|1|NM|HR^心率^L||72|次/分|60-100|N|||F\r"
				+ "OBX|2|NM|PR^PR间期^L||160|ms|120-200|N|||F\r"
				+ "OBX|3|NM|QTC^QTc间期^L||480|ms|<450|H|||F\r"
				+ "OBX|4|ST|DIAG^心电图诊断^L||窦性心律；QTc间期延长||||||F\r"
				+ "OBX|5|ED|PDF^心电图报告^L||ECG^AP^PDF^Base64^" + pdfBase64 + "||||||F\r";
	}
}
