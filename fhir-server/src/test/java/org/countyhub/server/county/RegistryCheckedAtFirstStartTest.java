package org.countyhub.server.county;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.HubApplication;
import org.countyhub.server.support.HubServerTest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Organization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The county's member units are written after the guide is enforced, on the very first start too: a unit file the
 * member-unit profile refuses stops the start with the reason, stores nothing, and the corrected file starts.
 */
class RegistryCheckedAtFirstStartTest {

	@TempDir
	Path dataDir;

	@TempDir
	Path county;

	@Test
	void aUnitTheGuideRefusesStopsTheFirstStartAndNothingIsStored() throws Exception {
		Files.writeString(county.resolve("county.yaml"), """
				code: CSXYGT
				name: 测试县医共体
				organizationCode: 12330000MB0000000A
				""", StandardCharsets.UTF_8);
		Path unit = Files.createDirectories(county.resolve("units/WSY09"));
		// the older 9-character 组织机构代码 where the profile wants the 18-character 统一社会信用代码
		Files.writeString(unit.resolve("unit.yaml"), """
				code: WSY09
				name: 新村乡卫生院
				type: township-centre
				organizationCode: 12345678-9
				""", StandardCharsets.UTF_8);

		assertThatThrownBy(this::start)
				.hasStackTraceContaining("HUB-1105")
				.hasStackTraceContaining("the county files at file:" + county)
				.hasStackTraceContaining("Organization/WSY09 does not conform")
				.hasStackTraceContaining("unified social credit code has 18 characters");

		Files.writeString(unit.resolve("unit.yaml"), """
				code: WSY09
				name: 新村乡卫生院
				type: township-centre
				organizationCode: 12330000MB0000009X
				""", StandardCharsets.UTF_8);
		try (ConfigurableApplicationContext corrected = start()) {
			IGenericClient client = HubServerTest.newClient(corrected);
			Bundle units = client.search().forResource(Organization.class).returnBundle(Bundle.class).execute();
			assertThat(units.getEntry()).hasSize(2);
			Organization township = client.read().resource(Organization.class).withId("WSY09").execute();
			assertThat(township.getName()).isEqualTo("新村乡卫生院");
			assertThat(township.getIdentifier())
					.anyMatch(id -> HubSystems.UNIFIED_SOCIAL_CREDIT_CODE.equals(id.getSystem())
							&& "12330000MB0000009X".equals(id.getValue()));
			// one version: the refused starts stored nothing
			assertThat(township.getMeta().getVersionId()).isEqualTo("1");
		}
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(HubApplication.class)
				.run("--server.port=0", "--hub.mllp.port=0", "--hub.data-dir=" + dataDir, "--spring.jmx.enabled=false",
						"--hub.county.location=file:" + county);
	}
}
