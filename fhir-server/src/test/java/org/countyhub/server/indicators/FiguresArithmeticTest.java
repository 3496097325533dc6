package org.countyhub.server.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The arithmetic and the import's format, without the hub. */
class FiguresArithmeticTest {

	@Test
	void medianAndNinetiethPercentileOfTurnaroundHours() {
		assertThat(Percentiles.median(List.of(5.0, 1.0, 3.0))).isEqualTo(3.0);
		assertThat(Percentiles.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
		assertThat(Percentiles.median(List.of())).isNull();
		List<Double> ten = List.of(10.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0);
		assertThat(Percentiles.nearestRank(ten, 0.9)).isEqualTo(9.0);
		assertThat(Percentiles.nearestRank(List.of(7.0), 0.9)).isEqualTo(7.0);
	}

	@Test
	void aFactCountsInTheTotalAndInEachOfItsStrata() {
		GroupFigures share = new GroupFigures("share", GroupFigures.Scoring.PROPORTION, "unit", "unit-type");
		share.add(Map.of("unit", "WSY01", "unit-type", "township-centre"), c -> c.addDenominator(4, 4));
		share.add(Map.of("unit", "XRMYY", "unit-type", "lead-hospital"), c -> c.addDenominator(6, 0));
		assertThat(share.score(share.total())).isEqualTo(0.4);
		assertThat(share.score(share.strata().get("unit").get("WSY01"))).isEqualTo(1.0);
		assertThat(share.strata().get("unit-type").get("lead-hospital").denominator()).isEqualTo(6);
		assertThat(new GroupFigures("x", GroupFigures.Scoring.PROPORTION).score(new GroupFigures.Cell())).isNull();
	}

	@Test
	void monthEndsAtChinaMidnight() {
		ReportMonth july = ReportMonth.parse("2021-07", ZoneId.of("Asia/Shanghai"));
		assertThat(july.start()).hasToString("2021-06-30T16:00:00Z");
		assertThat(july.end()).hasToString("2021-07-31T16:00:00Z");
		assertThatThrownBy(() -> ReportMonth.parse("2021-7", ZoneId.of("Asia/Shanghai")))
				.hasMessageStartingWith("HUB-5601");
	}

	@Test
	void importNeedsTheHeaderKnownUnitsWholeNumbersAndTheOutOfCountyLine() {
		Set<String> units = Set.of("XRMYY", "WSY01");
		assertThat(OutOfCountyVisits.parse("\uFEFFunit,visits,admissions\nXRMYY,5,1\n县外,2,0\n", units))
				.containsExactly(new OutOfCountyVisits.Line("XRMYY", 5, 1), new OutOfCountyVisits.Line("县外", 2, 0));
		assertThatThrownBy(() -> OutOfCountyVisits.parse("XRMYY,5,1\n县外,2,0", units))
				.isInstanceOf(InvalidRequestException.class).hasMessageContaining("HUB-5602");
		assertThatThrownBy(() -> OutOfCountyVisits.parse("unit,visits,admissions\nXRMYY,-5,1\n县外,2,0", units))
				.hasMessageContaining("HUB-5603").hasMessageContaining("line 2");
		assertThatThrownBy(() -> OutOfCountyVisits.parse("unit,visits,admissions\nXRMYY,5\n县外,2,0", units))
				.hasMessageContaining("HUB-5603");
		assertThatThrownBy(() -> OutOfCountyVisits.parse("unit,visits,admissions\nXRMYY,5,1\nXRMYY,5,1\n县外,2,0", units))
				.hasMessageContaining("HUB-5605");
		assertThatThrownBy(() -> OutOfCountyVisits.parse("unit,visits,admissions\nXRMYY,5,1", units))
				.hasMessageContaining("HUB-5606");
	}
}
