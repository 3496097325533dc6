package org.countyhub.server.publichealth;

import java.util.List;

/**
 * One statutory notifiable disease of the catalogue.
 *
 * @param code         its code in the guide's CodeSystem notifiable-disease
 * @param name         病名
 * @param diseaseClass its class (甲类, 乙类按甲类管理, 乙类, 丙类) with the reporting time limit
 * @param episodeDays  a diagnosis within this many days of the card's is the same episode
 * @param labTriggers  positive results that report the disease by themselves
 */
public record NotifiableDisease(
		String code, String name, DiseaseClass diseaseClass, int episodeDays, List<LabTrigger> labTriggers) {

	/** 法定传染病类别 and its reporting time limit in hours. */
	public record DiseaseClass(String code, String name, int limitHours) {}

	/**
	 * A result that triggers a card: its LOINC codes and the values (text, code, display or interpretation code)
	 * that count as positive, and the case classification such a result gives.
	 */
	public record LabTrigger(String name, List<String> loinc, List<String> positive, CaseClass caseClass) {}
}
