package org.countyhub.feeds.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.util.Calendar;
import java.util.TimeZone;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;

/**
 * HL7 v2 TS/DTM/DT values ({@code YYYY[MM[DD[HH[MM[SS[.S+]]]]]][+/-ZZZZ]}) to FHIR dates with the precision that
 * was sent. Times without an offset are the sender's local time; the county is in China (UTC+8).
 */
public final class Hl7Times {

	private static final TimeZone CHINA = TimeZone.getTimeZone("Asia/Shanghai");

	private Hl7Times() {}

	/** Null when the value is empty or not a date. */
	public static DateTimeType dateTime(String value) {
		String v = value.trim();
		if (v.length() < 4 || !Character.isDigit(v.charAt(0))) {
			return null;
		}
		TimeZone zone = CHINA;
		int sign = Math.max(v.indexOf('+'), v.indexOf('-'));
		if (sign > 0) {
			String offset = v.substring(sign);
			v = v.substring(0, sign);
			if (offset.length() == 5) {
				zone = TimeZone.getTimeZone("GMT" + offset.substring(0, 3) + ":" + offset.substring(3));
			}
		}
		String digits = v;
		String fraction = "";
		int dot = v.indexOf('.');
		if (dot > 0) {
			digits = v.substring(0, dot);
			fraction = v.substring(dot + 1);
		}
		if (!digits.chars().allMatch(Character::isDigit)) {
			return null;
		}
		try {
			Calendar cal = Calendar.getInstance(zone);
			cal.clear();
			cal.set(Calendar.YEAR, Integer.parseInt(digits.substring(0, 4)));
			TemporalPrecisionEnum precision = TemporalPrecisionEnum.YEAR;
			if (digits.length() >= 6) {
				cal.set(Calendar.MONTH, Integer.parseInt(digits.substring(4, 6)) - 1);
				precision = TemporalPrecisionEnum.MONTH;
			}
			if (digits.length() >= 8) {
				cal.set(Calendar.DAY_OF_MONTH, Integer.parseInt(digits.substring(6, 8)));
				precision = TemporalPrecisionEnum.DAY;
			}
			if (digits.length() >= 12) {
				cal.set(Calendar.HOUR_OF_DAY, Integer.parseInt(digits.substring(8, 10)));
				cal.set(Calendar.MINUTE, Integer.parseInt(digits.substring(10, 12)));
				// FHIR dateTime has no minute precision: a time is written with seconds (16:08 → 16:08:00)
				precision = TemporalPrecisionEnum.SECOND;
			} else if (digits.length() >= 10) {
				cal.set(Calendar.HOUR_OF_DAY, Integer.parseInt(digits.substring(8, 10)));
				precision = TemporalPrecisionEnum.SECOND;
			}
			if (digits.length() >= 14) {
				cal.set(Calendar.SECOND, Integer.parseInt(digits.substring(12, 14)));
				precision = TemporalPrecisionEnum.SECOND;
				if (!fraction.isEmpty() && fraction.chars().allMatch(Character::isDigit)) {
					cal.set(Calendar.MILLISECOND, Integer.parseInt((fraction + "00").substring(0, 3)));
					precision = TemporalPrecisionEnum.MILLI;
				}
			}
			cal.setLenient(false);
			cal.getTime();
			DateTimeType result = new DateTimeType(cal.getTime(), precision, zone);
			return result;
		} catch (RuntimeException e) {
			return null;
		}
	}

	/** A date (birth date): the first 8 digits, null when absent or invalid. */
	public static DateType date(String value) {
		DateTimeType dt = dateTime(value.length() > 8 ? value.substring(0, 8) : value);
		if (dt == null) {
			return null;
		}
		DateType date = new DateType(dt.getValueAsString().substring(0, Math.min(10, dt.getValueAsString().length())));
		return date;
	}
}
