package org.countyhub.server.recognition;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import org.hl7.fhir.r4.model.DateTimeType;

/** FHIR dateTime values with the county's offset and whole seconds ({@code 2026-11-28T23:59:59+08:00}). */
public final class FhirTime {

	private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

	private FhirTime() {}

	public static DateTimeType dateTime(OffsetDateTime value) {
		return value == null ? null : new DateTimeType(FORMAT.format(value));
	}

	public static String text(OffsetDateTime value) {
		return value == null ? "" : FORMAT.format(value);
	}
}
