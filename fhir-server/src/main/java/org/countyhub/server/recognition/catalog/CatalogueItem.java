package org.countyhub.server.recognition.catalog;

import java.math.BigDecimal;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.Coding;

/**
 * One item of the recognition catalogue (互认项目) with the properties the rules use.
 *
 * @param code         the catalogue code
 * @param display      its Chinese name
 * @param category     互认类别 (lab, imaging, ecg, ultrasound, pathology)
 * @param validityDays 互认时限: days after the result's effective date on which it is still recognisable
 * @param level        互认范围 (county, city, province)
 * @param price        收费标准 in CNY, or null when the catalogue carries none
 */
public record CatalogueItem(
		String code, String display, String category, int validityDays, String level, BigDecimal price) {

	public Coding coding() {
		return new Coding(HubSystems.RECOGNITION_CATALOGUE, code, display);
	}
}
