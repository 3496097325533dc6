package org.countyhub.server.console.ordering;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DecisionFormTest {

	@Test
	void notRecognisedNeedsAReasonAndThePatientInformed() {
		assertThat(new DecisionForm("GLU", "DiagnosticReport/1", "not-recognised", "", "", null).problems())
				.containsEntry("reason", "不予互认须选择理由")
				.containsEntry("informed", "不予互认须先告知患者并勾选确认");
	}

	@Test
	void otherNeedsItsTextAndNoChoiceIsRefused() {
		assertThat(new DecisionForm("GLU", "x", "not-recognised", "other", " ", true).problems())
				.containsOnlyKeys("reasonText");
		assertThat(new DecisionForm("GLU", "x", null, null, null, null).problems()).containsOnlyKeys("decision");
	}

	@Test
	void recognisedNeedsNothingMore() {
		assertThat(new DecisionForm("GLU", "x", "recognised", "", "", null).problems()).isEmpty();
	}
}
