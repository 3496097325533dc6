package org.countyhub.server.console.patients;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The 360 view's timeline filters: 单位 (a member unit's code), 类型 (a category of the hub's history catalogue),
 * a date range (both ends included) and the page (from 0).
 */
public record TimelineFilter(String unit, String type, String from, String to, Integer page) {

	/** The 类型 choices: the categories of {@code $history-across-units} with their Chinese names. */
	public static final Map<String, String> TYPES = typeNames();

	public TimelineFilter {
		unit = trim(unit);
		type = trim(type);
		from = trim(from);
		to = trim(to);
		// bound from query parameters: a missing page is the first
		page = page == null ? 0 : Math.max(0, page);
	}

	public Map<String, String> problems() {
		Map<String, String> problems = new LinkedHashMap<>();
		if (!type.isEmpty() && !TYPES.containsKey(type)) {
			problems.put("type", "未知的类型");
		}
		if (!from.isEmpty() && day(from) == null) {
			problems.put("from", "日期格式应为 2026-01-31");
		}
		if (!to.isEmpty() && day(to) == null) {
			problems.put("to", "日期格式应为 2026-01-31");
		}
		if (day(from) != null && day(to) != null && day(from).isAfter(day(to))) {
			problems.put("to", "截止日期不能早于起始日期");
		}
		return problems;
	}

	/** The operation's date parameters: from the start of {@code from} to the end of {@code to}. */
	List<String> dateParameters() {
		LocalDate start = day(from);
		LocalDate end = day(to);
		if (start == null && end == null) {
			return List.of();
		}
		if (end == null) {
			return List.of("ge" + start);
		}
		return start == null ? List.of("lt" + end.plusDays(1)) : List.of("ge" + start, "lt" + end.plusDays(1));
	}

	private static LocalDate day(String value) {
		try {
			return value.isEmpty() ? null : LocalDate.parse(value);
		} catch (DateTimeParseException e) {
			return null;
		}
	}

	private static Map<String, String> typeNames() {
		Map<String, String> names = new LinkedHashMap<>();
		names.put("visit", "门诊/住院");
		names.put("lab", "检验");
		names.put("imaging", "检查");
		names.put("ecg", "心电");
		names.put("referral", "转诊");
		names.put("diagnosis", "诊断");
		names.put("allergy", "过敏");
		return names;
	}

	private static String trim(String value) {
		return value == null ? "" : value.trim();
	}
}
