package org.countyhub.server.recognition.figures;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Recognition figures of one member unit for one catalogue item in one month.
 *
 * @param unit                     the member unit's Organization id (MSH-4 code)
 * @param unitName                 its name
 * @param item                     the catalogue item code
 * @param itemName                 its name
 * @param resultsAvailable         results the unit performed that month that are recognisable (互认可用结果)
 * @param ordersWithPriorResult    orders the unit placed for which the person already had a recognisable result
 * @param recognised               decisions at the unit to recognise a prior result (予以互认)
 * @param notRecognised            decisions not to (不予互认)
 * @param notRecognisedByReason    the latter by statutory reason code
 * @param testsAvoided             exams / tests not repeated thanks to recognition (= recognised)
 * @param costAvoided              their cost at the catalogue's price (CNY); null when the item has no price
 */
public record FigureRow(
		String unit,
		String unitName,
		String item,
		String itemName,
		int resultsAvailable,
		int ordersWithPriorResult,
		int recognised,
		int notRecognised,
		Map<String, Integer> notRecognisedByReason,
		int testsAvoided,
		BigDecimal costAvoided) {}
