package org.countyhub.server.console;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.springframework.stereotype.Component;

/**
 * How the console writes what people read: dates as {@code 2026-11-20 09:40} in the county's zone, 性别 男/女,
 * 年龄 in years, and ID card numbers and phones masked (a page shows no more of them than the person needs to tell
 * records apart).
 */
@OnEmbeddedSignIn
@Component
public class ChineseFormats {

	private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
	private static final DateTimeFormatter DAYS = DateTimeFormatter.ofPattern("yyyy-MM-dd");

	private final ZoneId zone;
	private final Clock clock;

	ChineseFormats(ConsoleProperties properties, Clock clock) {
		this.zone = properties.zone();
		this.clock = clock;
	}

	/** A FHIR date or date-time as people read it; a date without a time stays a date. */
	public String when(BaseDateTimeType value) {
		if (value == null || value.getValue() == null) {
			return "";
		}
		if (value.getPrecision().ordinal() <= TemporalPrecisionEnum.DAY.ordinal()) {
			return value.getValueAsString();
		}
		return MINUTES.format(value.getValue().toInstant().atZone(zone));
	}

	public String day(BaseDateTimeType value) {
		if (value == null || value.getValue() == null) {
			return "";
		}
		if (value.getPrecision().ordinal() <= TemporalPrecisionEnum.DAY.ordinal()) {
			return value.getValueAsString();
		}
		return DAYS.format(value.getValue().toInstant().atZone(zone));
	}

	/** Whole days from the value's day to today, in the county's zone (0 = today). */
	public long daysAgo(BaseDateTimeType value) {
		if (value == null || value.getValue() == null) {
			return 0;
		}
		LocalDate then = LocalDate.parse(day(value));
		return Math.max(0, ChronoUnit.DAYS.between(then, clock.instant().atZone(zone).toLocalDate()));
	}

	public String sex(AdministrativeGender gender) {
		if (gender == null) {
			return "未知";
		}
		return switch (gender) {
			case MALE -> "男";
			case FEMALE -> "女";
			case OTHER -> "其他";
			default -> "未知";
		};
	}

	/** Age in whole years today (county time), e.g. {@code 76岁}; empty without a birth date. */
	public String age(LocalDate birthDate) {
		if (birthDate == null) {
			return "";
		}
		return Period.between(birthDate, LocalDate.ofInstant(clock.instant(), zone)).getYears() + "岁";
	}

	/** {@code 110105********002X}: the region code and the last four characters. */
	public static String maskIdCard(String number) {
		if (number == null || number.isBlank()) {
			return "";
		}
		if (number.length() <= 10) {
			return "*".repeat(number.length());
		}
		return number.substring(0, 6) + "*".repeat(number.length() - 10) + number.substring(number.length() - 4);
	}

	/** {@code 138****5678}: the first three and last four digits. */
	public static String maskPhone(String phone) {
		if (phone == null || phone.isBlank()) {
			return "";
		}
		String digits = phone.trim();
		if (digits.length() <= 7) {
			return "*".repeat(digits.length());
		}
		return digits.substring(0, 3) + "*".repeat(digits.length() - 7) + digits.substring(digits.length() - 4);
	}
}
