package org.countyhub.server.console.operations;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.countyhub.feeds.intake.ReceivedMessages;
import org.countyhub.server.operations.JournalSearch;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The message browser's filter as typed: unit, type, status, 起止时间 (China time, the browser's
 * {@code datetime-local}), control id, text, page. Kept as strings so a wrong value is shown back with its message.
 */
record MessageFilterForm(String unit, String type, String status, String from, String to, String controlId,
		String text, Integer page) {

	/** The filter for the search, and the messages of the values that could not be read. */
	record Read(JournalSearch.Filter filter, List<String> errors) {}

	Read read() {
		List<String> errors = new ArrayList<>();
		ReceivedMessages.Status parsedStatus = null;
		if (!blank(status)) {
			try {
				parsedStatus = ReceivedMessages.Status.valueOf(status.trim());
			} catch (IllegalArgumentException e) {
				errors.add("状态无效：" + status);
			}
		}
		Instant start = time(from, "开始时间", errors);
		Instant end = time(to, "结束时间", errors);
		if (start != null && end != null && !start.isBefore(end)) {
			errors.add("开始时间应早于结束时间");
		}
		return new Read(new JournalSearch.Filter(unit, type, parsedStatus, start, end, controlId, text), errors);
	}

	int pageNumber() {
		return page == null || page < 0 ? 0 : page;
	}

	/** The browser's address of another page of the same filter. */
	String pageLink(int number) {
		UriComponentsBuilder link = UriComponentsBuilder.fromPath("/console/operations/messages");
		values().forEach((name, value) -> {
			if (!blank(value)) {
				link.queryParam(name, value);
			}
		});
		return link.queryParam("page", number).encode().build().toUriString();
	}

	private Map<String, String> values() {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("unit", unit);
		values.put("type", type);
		values.put("status", status);
		values.put("from", from);
		values.put("to", to);
		values.put("controlId", controlId);
		values.put("text", text);
		return values;
	}

	private static Instant time(String value, String label, List<String> errors) {
		if (blank(value)) {
			return null;
		}
		try {
			return LocalDateTime.parse(value.trim()).atZone(Times.CHINA).toInstant();
		} catch (DateTimeParseException e) {
			errors.add(label + "格式应为 年-月-日T时:分：" + value);
			return null;
		}
	}

	private static boolean blank(String value) {
		return value == null || value.isBlank();
	}
}
