package org.countyhub.server.critical;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.countyhub.profiles.HubSystems;

/**
 * The table's file format (YAML, docs/critical-values.md), read into a {@link CriticalValueTable}. A misspelt key,
 * an item without a code, a low limit above its high, a unit the county does not declare or a non-positive time
 * limit is refused with a message naming the entry.
 */
final class CriticalValueTableFile {

	record Content(String version, LimitsEntry limits, String medicalAffairs, List<ContactEntry> dutyContacts,
			List<ItemEntry> labItems, List<FindingEntry> findings) {}

	record LimitsEntry(Integer notifyMinutes, Integer acknowledgeMinutes, Integer escalateEveryMinutes) {}

	record ContactEntry(String unit, String name, String phone) {}

	record ItemEntry(String name, List<String> loinc, List<String> local, List<String> codings, String unit,
			BigDecimal low, BigDecimal high) {}

	record FindingEntry(String name, List<String> loinc, List<String> local, List<String> codings) {}

	private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.build();

	private CriticalValueTableFile() {}

	/**
	 * @param isUnit whether a code names a member unit of the county
	 * @throws IllegalArgumentException naming what is wrong
	 */
	static CriticalValueTable read(byte[] yaml, Predicate<String> isUnit) {
		Content content;
		try {
			content = YAML.readValue(yaml, Content.class);
		} catch (IOException e) {
			throw new IllegalArgumentException(e.getMessage().lines().findFirst().orElse("unreadable"), e);
		}
		if (content == null || content.limits() == null) {
			throw new IllegalArgumentException("limits are required (notifyMinutes, acknowledgeMinutes,"
					+ " escalateEveryMinutes)");
		}
		CriticalValueTable.Limits limits = new CriticalValueTable.Limits(
				minutes("limits.notifyMinutes", content.limits().notifyMinutes()),
				minutes("limits.acknowledgeMinutes", content.limits().acknowledgeMinutes()),
				minutes("limits.escalateEveryMinutes", content.limits().escalateEveryMinutes()));
		String affairs = content.medicalAffairs();
		if (affairs == null || !isUnit.test(affairs)) {
			throw new IllegalArgumentException("medicalAffairs '" + affairs + "' is not a member unit of the county");
		}
		Map<String, CriticalValueTable.DutyContact> contacts = new LinkedHashMap<>();
		for (ContactEntry c : nullToEmpty(content.dutyContacts())) {
			if (c.unit() == null || !isUnit.test(c.unit())) {
				throw new IllegalArgumentException("dutyContacts: '" + c.unit() + "' is not a member unit of the county");
			}
			if (isBlank(c.name()) || isBlank(c.phone())) {
				throw new IllegalArgumentException("dutyContacts " + c.unit() + ": name and phone are required");
			}
			contacts.put(c.unit(), new CriticalValueTable.DutyContact(c.name(), c.phone()));
		}
		List<CriticalValueTable.LabItem> items = new ArrayList<>();
		for (ItemEntry i : nullToEmpty(content.labItems())) {
			String what = "lab item '" + i.name() + "'";
			if (isBlank(i.name())) {
				throw new IllegalArgumentException("a lab item without a name");
			}
			if (i.low() == null && i.high() == null) {
				throw new IllegalArgumentException(what + ": low or high is required");
			}
			if (i.low() != null && i.high() != null && i.low().compareTo(i.high()) >= 0) {
				throw new IllegalArgumentException(what + ": low " + i.low() + " is not below high " + i.high());
			}
			items.add(new CriticalValueTable.LabItem(i.name(), codes(what, i.loinc(), i.local(), i.codings(), isUnit),
					i.unit(), i.low(), i.high()));
		}
		List<CriticalValueTable.Finding> findings = new ArrayList<>();
		for (FindingEntry f : nullToEmpty(content.findings())) {
			if (isBlank(f.name())) {
				throw new IllegalArgumentException("a finding without a name");
			}
			String what = "finding '" + f.name() + "'";
			findings.add(new CriticalValueTable.Finding(f.name(), codes(what, f.loinc(), f.local(), f.codings(), isUnit)));
		}
		return CriticalValueTable.of(content.version(), limits, items, findings, contacts, affairs);
	}

	private static List<String> codes(String what, List<String> loinc, List<String> local, List<String> codings,
			Predicate<String> isUnit) {
		List<String> codes = new ArrayList<>();
		nullToEmpty(loinc).forEach(c -> codes.add(HubSystems.LOINC + "|" + c));
		for (String l : nullToEmpty(local)) {
			int colon = l.indexOf(':');
			if (colon < 1 || colon == l.length() - 1 || !isUnit.test(l.substring(0, colon))) {
				throw new IllegalArgumentException(what + ": local code '" + l + "' is not <unit code>:<item code> of a"
						+ " member unit");
			}
			codes.add(HubSystems.unitItemCodes(l.substring(0, colon)) + "|" + l.substring(colon + 1));
		}
		for (String c : nullToEmpty(codings)) {
			int bar = c.lastIndexOf('|');
			if (bar < 1 || bar == c.length() - 1) {
				throw new IllegalArgumentException(what + ": coding '" + c + "' is not <system>|<code>");
			}
			codes.add(c);
		}
		if (codes.isEmpty()) {
			throw new IllegalArgumentException(what + ": no code (loinc, local or codings)");
		}
		return List.copyOf(codes);
	}

	private static Duration minutes(String key, Integer minutes) {
		if (minutes == null || minutes < 1) {
			throw new IllegalArgumentException(key + " must be at least 1 minute, was " + minutes);
		}
		return Duration.ofMinutes(minutes);
	}

	private static boolean isBlank(String s) {
		return s == null || s.isBlank();
	}

	private static <T> List<T> nullToEmpty(List<T> list) {
		return list == null ? List.of() : list;
	}
}
