package org.countyhub.server.rest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * CSV as spreadsheet programs set to a Chinese locale read it: UTF-8 with a byte order mark (else the Chinese names
 * come out garbled), CRLF line ends, RFC 4180 quoting of a field that holds a comma, quote or line break.
 */
public final class CsvText {

	private final StringBuilder text = new StringBuilder("\uFEFF");

	public CsvText row(List<String> fields) {
		text.append(fields.stream().map(CsvText::field).collect(Collectors.joining(","))).append("\r\n");
		return this;
	}

	public byte[] bytes() {
		return text.toString().getBytes(StandardCharsets.UTF_8);
	}

	/** The CSV as a download ({@code text/csv; charset=UTF-8}, attachment with this file name). */
	public ResponseEntity<byte[]> download(String fileName) {
		return ResponseEntity.ok()
				.contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
				.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"")
				.body(bytes());
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
