package org.countyhub.feeds.results;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.Test;

class ResultValuesTest {

	@Test
	void referenceRangesInTheirWrittenForms() {
		Observation.ObservationReferenceRangeComponent between = ResultValues.range("3.5-9.5", null);
		assertThat(between.getLow().getValue()).isEqualByComparingTo("3.5");
		assertThat(between.getHigh().getValue()).isEqualByComparingTo("9.5");
		Observation.ObservationReferenceRangeComponent tilde = ResultValues.range("3.5～9.5".replace('～', '~'), null);
		assertThat(tilde.getHigh().getValue()).isEqualByComparingTo("9.5");
		Observation.ObservationReferenceRangeComponent below = ResultValues.range("<450", null);
		assertThat(below.hasLow()).isFalse();
		assertThat(below.getHigh().getValue()).isEqualByComparingTo("450");
		Observation.ObservationReferenceRangeComponent atLeast = ResultValues.range(">=5", null);
		assertThat(atLeast.getLow().getValue()).isEqualByComparingTo("5");
		assertThat(atLeast.hasHigh()).isFalse();
		Observation.ObservationReferenceRangeComponent negative = ResultValues.range("-2.0 - 3.0", null);
		assertThat(negative.getLow().getValue()).isEqualByComparingTo("-2.0");
		Observation.ObservationReferenceRangeComponent words = ResultValues.range("阴性", null);
		assertThat(words.getText()).isEqualTo("阴性");
		assertThat(words.hasLow() || words.hasHigh()).isFalse();
	}

	@Test
	void numericValueWithAComparatorKeepsIt() {
		Quantity q = (Quantity) ResultValues.numeric("<0.5", null);
		assertThat(q.getComparator()).isEqualTo(Quantity.QuantityComparator.LESS_THAN);
		assertThat(q.getValue()).isEqualByComparingTo("0.5");
	}
}
