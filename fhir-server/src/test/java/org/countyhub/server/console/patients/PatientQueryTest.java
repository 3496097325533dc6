package org.countyhub.server.console.patients;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PatientQueryTest {

	@Test
	void aWellFormedIdCardNumberCanBeAsked() {
		assertThat(new PatientQuery(" 11010519491231002x ", null, null, null, null).problems()).isEmpty();
	}

	@Test
	void aMalformedIdCardNumberIsNamedBesideItsField() {
		assertThat(new PatientQuery("110105194912310021", "", "", "", "").problems())
				.containsOnlyKeys("idCard")
				.containsEntry("idCard", "身份证号应为18位（最后一位可为X），且校验位正确，请核对");
		assertThat(new PatientQuery("1101051949", "", "", "", "").problems()).containsOnlyKeys("idCard");
	}

	@Test
	void aBirthDateNeedsItsFormatAndAName() {
		assertThat(new PatientQuery("", "", "1950/03/12", "", "").problems()).containsKeys("birthDate", "name");
		assertThat(new PatientQuery("", "张三", "1950-03-12", "", "").problems()).isEmpty();
	}

	@Test
	void aUnitsNumberNeedsItsUnit() {
		assertThat(new PatientQuery("", "", "", "MZ001", "").problems()).containsOnlyKeys("mrnUnit");
		assertThat(new PatientQuery("", "", "", "", "WSY01").problems()).containsOnlyKeys("mrn");
		assertThat(new PatientQuery("", "", "", "MZ001", "WSY01").problems()).isEmpty();
	}
}
