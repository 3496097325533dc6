package org.countyhub.server.critical;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * A county's critical value table (危急值项目表), in memory: lab items by code with their critical low and high, imaging
 * and ECG findings by code, the time limits, each unit's duty contact and the lead hospital whose 医务科 is the last
 * escalation step. Items and findings are looked up by {@code system|code}: a LOINC code, or a unit's local code
 * (its {@code CodeSystem/item}), so a lab that maps none of its codes is still covered.
 */
record CriticalValueTable(String version, Limits limits, List<LabItem> labItems, List<Finding> findings,
		Map<String, DutyContact> dutyContacts, String medicalAffairsUnit, Map<String, LabItem> itemsByCode,
		Map<String, Finding> findingsByCode) {

	/** notification: result → notification (通报时限); acknowledge: notification → read-back (确认时限); escalateEvery: between steps. */
	record Limits(Duration notification, Duration acknowledge, Duration escalateEvery) {}

	/** A lab item; a null bound is no limit on that side. */
	record LabItem(String name, List<String> codes, String unit, BigDecimal low, BigDecimal high) {}

	record Finding(String name, List<String> codes) {}

	record DutyContact(String name, String phone) {}

	static CriticalValueTable of(String version, Limits limits, List<LabItem> labItems, List<Finding> findings,
			Map<String, DutyContact> dutyContacts, String medicalAffairsUnit) {
		Map<String, LabItem> items = new HashMap<>();
		for (LabItem item : labItems) {
			for (String code : item.codes()) {
				if (items.put(code, item) != null) {
					throw new IllegalArgumentException("code " + code + " is listed for two lab items");
				}
			}
		}
		Map<String, Finding> byCode = new HashMap<>();
		for (Finding finding : findings) {
			for (String code : finding.codes()) {
				if (byCode.put(code, finding) != null) {
					throw new IllegalArgumentException("code " + code + " is listed for two findings");
				}
			}
		}
		return new CriticalValueTable(version, limits, List.copyOf(labItems), List.copyOf(findings),
				Map.copyOf(dutyContacts), medicalAffairsUnit, Map.copyOf(items), Map.copyOf(byCode));
	}

	Optional<LabItem> item(CodeableConcept code) {
		return lookup(code, itemsByCode);
	}

	Optional<Finding> finding(CodeableConcept code) {
		return lookup(code, findingsByCode);
	}

	Set<String> itemCodes() {
		return itemsByCode.keySet();
	}

	private static <T> Optional<T> lookup(CodeableConcept concept, Map<String, T> byCode) {
		if (concept == null) {
			return Optional.empty();
		}
		for (Coding coding : concept.getCoding()) {
			if (coding.hasSystem() && coding.hasCode()) {
				T hit = byCode.get(coding.getSystem() + "|" + coding.getCode());
				if (hit != null) {
					return Optional.of(hit);
				}
			}
		}
		return Optional.empty();
	}
}
