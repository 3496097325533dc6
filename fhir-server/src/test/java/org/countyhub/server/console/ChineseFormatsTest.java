package org.countyhub.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.junit.jupiter.api.Test;

class ChineseFormatsTest {

	private final ChineseFormats formats = new ChineseFormats(
			new ConsoleProperties("", List.of(), ZoneId.of("Asia/Shanghai"), 20, Duration.ofDays(30)),
			Clock.fixed(Instant.parse("2026-11-20T01:40:00Z"), ZoneId.of("UTC")));

	@Test
	void dateTimesReadInTheCountysZoneToTheMinuteAndDatesStayDates() {
		assertThat(formats.when(new DateTimeType("2026-11-20T01:40:00Z"))).isEqualTo("2026-11-20 09:40");
		assertThat(formats.when(new DateTimeType("2026-11-19T17:05:59+00:00"))).isEqualTo("2026-11-20 01:05");
		assertThat(formats.when(new DateType("1950-03-12"))).isEqualTo("1950-03-12");
		assertThat(formats.when(null)).isEmpty();
	}

	@Test
	void sexAndAgeInChinese() {
		assertThat(formats.sex(AdministrativeGender.MALE)).isEqualTo("男");
		assertThat(formats.sex(AdministrativeGender.FEMALE)).isEqualTo("女");
		assertThat(formats.sex(null)).isEqualTo("未知");
		// the clock is 2026-11-20 09:40 in the county: the birthday that day counts
		assertThat(formats.age(LocalDate.parse("1950-11-20"))).isEqualTo("76岁");
		assertThat(formats.age(LocalDate.parse("1950-11-21"))).isEqualTo("75岁");
		assertThat(formats.age(null)).isEmpty();
	}

	@Test
	void idCardsAndPhonesAreMasked() {
		assertThat(ChineseFormats.maskIdCard("11010519491231002X")).isEqualTo("110105********002X");
		assertThat(ChineseFormats.maskPhone("13812345678")).isEqualTo("138****5678");
		assertThat(ChineseFormats.maskPhone("0712-1234567")).isEqualTo("071*****4567");
		assertThat(ChineseFormats.maskIdCard("")).isEmpty();
	}
}
