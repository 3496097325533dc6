package org.countyhub.server.publichealth;

import java.util.List;
import java.util.stream.Collectors;

/** CSV as spreadsheet programs in a Chinese locale read it: UTF-8 with a byte order mark, CRLF, RFC 4180 quoting. */
final class CsvText {

	private final StringBuilder text = new StringBuilder("\uFEFF");

	CsvText row(List<String> fields) {
		text.append(fields.stream().map(CsvText::field).collect(Collectors.joining(","))).append("\r\n");
		return this;
	}

	byte[] bytes() {
		return text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
	}

	private static String field(String value) {
		if (value == null) {
			return "";
		}
		if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
			return "\"" + value.replace("\"", "\"\"") + "\"";
		}
		return value;
	}
}
