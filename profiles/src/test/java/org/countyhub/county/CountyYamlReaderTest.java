package org.countyhub.county;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.Organization;
import org.junit.jupiter.api.Test;

class CountyYamlReaderTest {

	private static final String COUNTY = "code: SFX\nname: 示范县医共体\n";

	record Text(String name, String yaml) implements CountyYamlReader.Source {
		@Override
		public InputStream open() {
			return new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8));
		}
	}

	private static CountyDirectory read(Text... units) {
		return new CountyYamlReader().read(new Text("county.yaml", COUNTY), List.of(units));
	}

	@Test
	void unitsBecomeOrganizationsPartOfTheirParentOrTheCommunity() {
		CountyDirectory county = read(
				new Text("units/CWS0101/unit.yaml", "code: CWS0101\nname: 城关镇东村卫生室\ntype: village-clinic\npartOf: WSY01\n"),
				new Text("units/WSY01/unit.yaml", "code: WSY01\nname: 城关镇卫生院\ntype: township-centre\norganizationCode: 12330000MB0000003D\n"));

		List<Organization> orgs = MemberUnitOrganizations.of(county);
		assertThat(orgs).extracting(Organization::getIdPart).containsExactly("SFX", "WSY01", "CWS0101");
		Organization village = orgs.get(2);
		assertThat(village.getName()).isEqualTo("城关镇东村卫生室");
		assertThat(village.getPartOf().getReference()).isEqualTo("Organization/WSY01");
		assertThat(village.getIdentifierFirstRep().getSystem()).isEqualTo(HubSystems.HL7_FACILITY_CODE);
		assertThat(orgs.get(1).getPartOf().getReference()).isEqualTo("Organization/SFX");
		assertThat(orgs.get(1).getIdentifier()).extracting(i -> i.getValue()).contains("12330000MB0000003D");
		assertThat(county.byCode("WSY01")).isPresent();
		assertThat(county.byCode("WSY99")).isEmpty();
	}

	@Test
	void misspeltSettingNamesTheFileAndTheKey() {
		assertThatThrownBy(() -> read(new Text("units/WSY01/unit.yaml", "code: WSY01\nname: 城关镇卫生院\ntype: township-centre\npartof: X\n")))
				.isInstanceOf(CountyConfigurationException.class)
				.hasMessageContaining("units/WSY01/unit.yaml")
				.hasMessageContaining("partof");
	}

	@Test
	void unknownUnitTypeIsRefusedWithTheAllowedOnes() {
		assertThatThrownBy(() -> read(new Text("units/WSY01/unit.yaml", "code: WSY01\nname: 城关镇卫生院\ntype: hospital\n")))
				.hasMessageContaining("units/WSY01/unit.yaml")
				.hasMessageContaining("unknown unit type 'hospital'")
				.hasMessageContaining("township-centre");
	}

	@Test
	void partOfMustNameADeclaredUnit() {
		assertThatThrownBy(() -> read(new Text("u.yaml", "code: CWS0101\nname: 东村卫生室\ntype: village-clinic\npartOf: WSY09\n")))
				.hasMessageContaining("partOf 'WSY09' is not a declared unit code");
	}

	@Test
	void duplicateCodesAndCyclesAreRefused() {
		assertThatThrownBy(() -> read(
						new Text("a.yaml", "code: WSY01\nname: 甲\ntype: township-centre\n"),
						new Text("b.yaml", "code: WSY01\nname: 乙\ntype: township-centre\n")))
				.hasMessageContaining("'WSY01' is declared twice");
		assertThatThrownBy(() -> read(
						new Text("a.yaml", "code: A1\nname: 甲\ntype: village-clinic\npartOf: B1\n"),
						new Text("b.yaml", "code: B1\nname: 乙\ntype: village-clinic\npartOf: A1\n")))
				.hasMessageContaining("cycle");
	}

	@Test
	void numericCodeNeedsAnExplicitId() {
		assertThatThrownBy(() -> read(new Text("u.yaml", "code: \"470001\"\nname: 某卫生院\ntype: township-centre\n")))
				.hasMessageContaining("not usable as a FHIR id");
		CountyDirectory ok = read(new Text("u.yaml", "id: unit-470001\ncode: \"470001\"\nname: 某卫生院\ntype: township-centre\n"));
		assertThat(ok.byCode("470001").orElseThrow().reference()).isEqualTo("Organization/unit-470001");
	}
}
