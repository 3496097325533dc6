package org.countyhub.server.prescription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The screening rules on the demo county's formulary file, without a server. */
class ScreeningRulesTest {

	private static Formulary formulary;
	private static ScreeningRules rules;

	@BeforeAll
	static void demoFormulary() throws IOException {
		formulary = FormularyConfig.build(file());
		rules = new ScreeningRules(formulary);
	}

	static FormularyConfig.FormularyFile file() throws IOException {
		try (InputStream in = ScreeningRulesTest.class.getResourceAsStream("/county/demo/formulary/formulary.yaml")) {
			return JsonMapper.builder(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build()
					.readValue(in, FormularyConfig.FormularyFile.class);
		}
	}

	private static ScreeningRules.Order order(String drug, Double singleMg, Double dailyMg) {
		return new ScreeningRules.Order("MedicationRequest/new", formulary.drug(drug).orElseThrow(),
				new Dosing(singleMg, dailyMg), "城关镇卫生院", "RX1");
	}

	private static ScreeningRules.Person person(Integer age, List<ScreeningRules.Order> active,
			List<ScreeningRules.Allergy> allergies) {
		return new ScreeningRules.Person(age, false, allergies, active);
	}

	@Test
	void theDemoFormularyHoldsAtLeastFortyDrugsEachWithAFullAtcCode() {
		assertThat(formulary.drugs()).hasSizeGreaterThanOrEqualTo(40)
				.allSatisfy(d -> assertThat(d.atc()).matches("[A-Z][0-9]{2}[A-Z]{2}[0-9]{2}"));
		assertThat(formulary.drug("amoxicillin-cap-250")).get().extracting(Formulary.Drug::atc).isEqualTo("J01CA04");
		assertThat(formulary.drug(new CodeableConcept(new Coding(HubSystems.ATC, "C08CA01", null))))
				.get().extracting(Formulary.Drug::code).isEqualTo("amlodipine-tab-5");
	}

	@Test
	void aChildsDoseOverThePaediatricLimitIsAChildDoseFindingWhileTheSameDoseIsOkForAnAdult() {
		List<ScreeningHit> child = rules.screen(order("amoxicillin-cap-250", 750.0, 2250.0), person(6, List.of(), List.of()));
		assertThat(child).extracting(ScreeningHit::kind).containsOnly(ScreeningHit.Kind.CHILD_DOSE);
		assertThat(child).extracting(ScreeningHit::rule).containsExactlyInAnyOrder(
				"dose/amoxicillin-cap-250/child/single", "dose/amoxicillin-cap-250/child/daily");
		assertThat(child.get(0).detail()).contains("儿童（6岁）").contains("500mg");
		assertThat(rules.screen(order("amoxicillin-cap-250", 750.0, 2250.0), person(40, List.of(), List.of()))).isEmpty();
	}

	@Test
	void aDuplicateInTheSameAtcSubgroupAtAnotherUnitNamesThatUnitsPrescription() {
		ScreeningRules.Order nifedipine = new ScreeningRules.Order("MedicationRequest/7",
				formulary.drug("nifedipine-tab-30").orElseThrow(), new Dosing(30.0, 30.0), "示范县人民医院", "RX0");
		List<ScreeningHit> hits = rules.screen(order("amlodipine-tab-5", 5.0, 5.0), person(60, List.of(nifedipine),
				List.of()));
		assertThat(hits).singleElement().satisfies(hit -> {
			assertThat(hit.kind()).isEqualTo(ScreeningHit.Kind.DUPLICATE);
			assertThat(hit.otherOrder()).isEqualTo("MedicationRequest/7");
			assertThat(hit.detail()).contains("示范县人民医院").contains("硝苯地平控释片").contains("C08CA");
		});
	}

	@Test
	void anAceInhibitorAndAnArbAreADuplicateByTheirGroupAndSpironolactoneInteractsWithBoth() {
		ScreeningRules.Order valsartan = new ScreeningRules.Order("MedicationRequest/8",
				formulary.drug("valsartan-cap-80").orElseThrow(), Dosing.UNKNOWN, "县中医院", null);
		assertThat(rules.screen(order("captopril-tab-25", 25.0, 75.0), person(60, List.of(valsartan), List.of())))
				.extracting(ScreeningHit::rule).containsExactly("duplicate/group:ras-blockers");
		assertThat(rules.screen(order("spironolactone-tab-20", 20.0, 40.0), person(60, List.of(valsartan), List.of())))
				.singleElement().satisfies(hit -> {
					assertThat(hit.kind()).isEqualTo(ScreeningHit.Kind.INTERACTION);
					assertThat(hit.severity()).isEqualTo("high");
					assertThat(hit.rule()).isEqualTo("interaction/ras-spironolactone");
				});
	}

	@Test
	void aPenicillinAllergyHitsAmoxicillinByItsClassAndNotAzithromycin() {
		List<ScreeningRules.Allergy> penicillin = List.of(new ScreeningRules.Allergy("AllergyIntolerance/3",
				"青霉素 Z001"));
		assertThat(rules.screen(order("amoxicillin-cap-250", 500.0, 1500.0), person(30, List.of(), penicillin)))
				.singleElement().satisfies(hit -> {
					assertThat(hit.kind()).isEqualTo(ScreeningHit.Kind.ALLERGY);
					assertThat(hit.rule()).isEqualTo("allergy/penicillins");
					assertThat(hit.evidence()).isEqualTo("AllergyIntolerance/3");
				});
		assertThat(rules.screen(order("azithromycin-tab-250", 500.0, 500.0), person(30, List.of(), penicillin)))
				.isEmpty();
	}

	@Test
	void levofloxacinIsContraindicatedForATwelveYearOldAndInPregnancy() {
		assertThat(rules.screen(order("levofloxacin-tab-500", 500.0, 500.0), person(12, List.of(), List.of())))
				.extracting(ScreeningHit::kind).contains(ScreeningHit.Kind.AGE);
		assertThat(rules.screen(order("levofloxacin-tab-500", 500.0, 500.0),
				new ScreeningRules.Person(30, true, List.of(), List.of())))
				.extracting(ScreeningHit::kind).containsExactly(ScreeningHit.Kind.PREGNANCY);
	}

	@Test
	void aFormularyWithAMalformedAtcCodeIsRefusedNamingTheDrug() throws IOException {
		FormularyConfig.FormularyFile demo = file();
		FormularyConfig.DrugEntry bad = new FormularyConfig.DrugEntry("bad-drug", null, "坏药", null, "J01C", null, null,
				null, null, null, null);
		List<FormularyConfig.DrugEntry> drugs = new java.util.ArrayList<>(demo.drugs());
		drugs.add(bad);
		assertThatThrownBy(() -> FormularyConfig.build(new FormularyConfig.FormularyFile(demo.version(),
				demo.childUnderYears(), demo.duplicateAtcLevel(), drugs, demo.duplicateGroups(), demo.interactions(),
				demo.allergyClasses())))
				.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad-drug").hasMessageContaining("J01C");
		assertThat(Set.of(ScreeningHit.Kind.values())).hasSize(7);
	}
}
