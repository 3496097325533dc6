package org.countyhub.server.feeds.bench;

/** An LIS result as a big chemistry/proteomics panel sends it: one OBR with {@code obx} numeric OBX, each its own code. */
public final class BigResult {

	private BigResult() {}

	/** The ORU^R01 of control ID {@code id} (also the base of its patient, order and report numbers). */
	public static String oru(int obx, String id) {
		StringBuilder message = new StringBuilder("MSH|^~\\&|LIS|XRMYY|COUNTYHUB|SFXYGT|20250301120000||ORU^R01^ORU_R01|")
				.append(id).append("|P|2.5.1||||||UNICODE UTF-8\r")
				.append("PID|1||M").append(id).append("^^^XRMYY^MR||王^小明||19750505|M\r")
				.append("ORC|RE|P").append(id).append("|F").append(id).append('\r')
				.append("OBR|1|P").append(id).append("|F").append(id)
				.append("|PANEL^大组合^L|||20250301083000|||||||||||||||20250301113000||LAB|F\r");
		for (int i = 1; i <= obx; i++) {
			message.append("OBX|").append(i).append("|NM|I").append(i).append("^项目").append(i).append("^L||")
					.append(100 + i % 50).append("|mmol/L|90-160|N|||F|||20250301100000\r");
		}
		return message.toString();
	}
}
