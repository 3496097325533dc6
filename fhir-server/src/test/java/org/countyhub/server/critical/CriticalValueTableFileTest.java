package org.countyhub.server.critical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Predicate;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.Test;

/** The table file: the demo county's reads, wrong ones are refused naming the entry; judging by flag and table. */
class CriticalValueTableFileTest {

	private static final Predicate<String> DEMO_UNITS = Set.of("XRMYY", "XZYY", "WSY01", "WSY02", "CWS0101")::contains;

	@Test
	void theDemoCountysTableReadsWithItsLimitsAndContacts() throws IOException {
		CriticalValueTable table = demo();
		assertThat(table.limits().notification().toMinutes()).isEqualTo(10);
		assertThat(table.limits().acknowledge().toMinutes()).isEqualTo(15);
		assertThat(table.item(new CodeableConcept(new Coding(HubSystems.LOINC, "2823-3", null))))
				.hasValueSatisfying(i -> assertThat(i.high()).isEqualByComparingTo("6.2"));
		assertThat(table.item(new CodeableConcept(new Coding(HubSystems.unitItemCodes("XRMYY"), "K", null))))
				.isPresent();
		assertThat(table.dutyContacts()).containsKeys("XRMYY", "WSY01");
		assertThat(table.medicalAffairsUnit()).isEqualTo("XRMYY");
	}

	@Test
	void aResultIsCriticalByTheLabsFlagOrByTheTableAndBothAreKept() throws IOException {
		CriticalValueTable table = demo();
		Observation flaggedOnly = potassium("5.0", "HH");
		assertThat(CriticalJudgement.of(flaggedOnly, table)).hasValueSatisfying(j -> {
			assertThat(j.labFlag()).isTrue();
			assertThat(j.countyTable()).isFalse();
		});
		assertThat(CriticalJudgement.of(potassium("2.5", "L"), table)).hasValueSatisfying(j -> {
			assertThat(j.labFlag()).isFalse();
			assertThat(j.countyTable()).isTrue();
			assertThat(j.notification()).contains("血钾", "2.5", "危急值下限 2.8");
		});
		assertThat(CriticalJudgement.of(potassium("4.0", "N"), table)).isEmpty();
		Observation preliminary = potassium("7.5", "HH").setStatus(Observation.ObservationStatus.PRELIMINARY);
		assertThat(CriticalJudgement.of(preliminary, table)).isEmpty();
	}

	@Test
	void aReadBackMustRepeatTheNotifiedValue() {
		assertThat(CriticalValueOperations.matches("钾 6.90", "6.9 mmol/L")).isTrue();
		assertThat(CriticalValueOperations.matches("钾6.6", "6.9 mmol/L")).isFalse();
		assertThat(CriticalValueOperations.matches("心室颤动", "心室颤动")).isTrue();
	}

	@Test
	void aWrongTableIsRefusedNamingTheEntry() {
		String limits = "limits: {notifyMinutes: 10, acknowledgeMinutes: 15, escalateEveryMinutes: 15}\n"
				+ "medicalAffairs: XRMYY\n";
		assertThatThrownBy(() -> read(limits + "labItems:\n  - {name: 血钾, loinc: [2823-3], low: 7, high: 3}\n"))
				.hasMessageContaining("血钾").hasMessageContaining("not below high");
		assertThatThrownBy(() -> read(limits + "labItems:\n  - {name: 血钾, local: [\"XX:K\"], high: 6}\n"))
				.hasMessageContaining("XX:K");
		assertThatThrownBy(() -> read(limits + "labItems:\n  - {name: 血钾, high: 6}\n")).hasMessageContaining("no code");
		assertThatThrownBy(() -> read(limits + "labitems: []\n")).hasMessageContaining("labitems");
		assertThatThrownBy(() -> read("limits: {notifyMinutes: 0, acknowledgeMinutes: 15, escalateEveryMinutes: 15}\n"
				+ "medicalAffairs: XRMYY\n")).hasMessageContaining("limits.notifyMinutes");
	}

	private static CriticalValueTable read(String yaml) {
		return CriticalValueTableFile.read(yaml.getBytes(StandardCharsets.UTF_8), DEMO_UNITS);
	}

	private static CriticalValueTable demo() throws IOException {
		try (InputStream in = CriticalValueTableFileTest.class.getResourceAsStream(
				"/county/demo/" + CriticalValueTables.FILE)) {
			return CriticalValueTableFile.read(in.readAllBytes(), DEMO_UNITS);
		}
	}

	private static Observation potassium(String value, String flag) {
		Observation observation = new Observation();
		observation.setStatus(Observation.ObservationStatus.FINAL);
		observation.getCode().addCoding(new Coding(HubSystems.LOINC, "2823-3", "Potassium"));
		observation.setValue(new Quantity().setValue(new BigDecimal(value)).setUnit("mmol/L").setCode("mmol/L"));
		observation.addInterpretation(new CodeableConcept(new Coding(CriticalJudgement.INTERPRETATION, flag, null)));
		return observation;
	}
}
