package org.countyhub.server.validation;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/** The check-digit rule in each mode; the running server's default (warn) is covered by ProfileValidationTest. */
class ResidentIdCardCheckTest {

	private static final String WRONG = "33012219500101001" + "3"; // the right check character is X

	private static Patient withCard(String card) {
		Patient patient = new Patient();
		patient.addIdentifier().setSystem(HubSystems.RESIDENT_ID_CARD).setValue(card);
		return patient;
	}

	@Test
	void rejectModeRefusesAWrongCheckCharacterWithoutEchoingTheNumber() {
		assertThatThrownBy(() -> new ResidentIdCardCheck(ValidationMode.REJECT).created(withCard(WRONG)))
				.isInstanceOf(UnprocessableEntityException.class)
				.hasMessageContaining("HUB-1102")
				.hasMessageContaining("check character")
				.hasMessageNotContaining(WRONG);
	}

	@Test
	void rejectModeAcceptsAValidNumberAndWarnModeAcceptsAWrongOne() {
		assertThatCode(() -> new ResidentIdCardCheck(ValidationMode.REJECT).created(withCard("33012219500101001X")))
				.doesNotThrowAnyException();
		assertThatCode(() -> new ResidentIdCardCheck(ValidationMode.WARN).created(withCard(WRONG)))
				.doesNotThrowAnyException();
	}
}
