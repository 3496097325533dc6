package org.countyhub.server.county;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.HubApplication;
import org.countyhub.server.support.HubServerTest;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The embedded default keeps its data: the hub is stopped and started again on the same H2 file, and what was
 * written is still there; reloading the county registry at the second start changes nothing.
 */
class RestartKeepsDataTest {

	@TempDir
	Path dataDir;

	@Test
	void dataWrittenBeforeARestartIsThereAfterIt() throws Exception {
		IIdType patientId;
		String wsy01Version;
		try (ConfigurableApplicationContext first = start()) {
			IGenericClient client = HubServerTest.newClient(first);
			Patient patient = new Patient();
			patient.addIdentifier().setSystem("urn:test:mrn").setValue("restart-" + System.nanoTime());
			patient.addName().setText("重启前的病人");
			patient.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.UNKNOWN);
			patientId = client.create().resource(patient).execute().getId().toUnqualifiedVersionless();
			// the township passes quality control for glucose (互认资质), recorded over FHIR
			Organization township = client.read().resource(Organization.class).withId("WSY01").execute();
			Extension qualification = township.addExtension().setUrl(HubSystems.RECOGNITION_QUALIFICATION_EXTENSION);
			qualification.addExtension("item", new Coding(HubSystems.RECOGNITION_CATALOGUE, "GLU", "葡萄糖"));
			qualification.addExtension("period", new Period().setStartElement(new DateTimeType("2026-01-01")));
			client.update().resource(township).execute();
			wsy01Version = client.read().resource(Organization.class).withId("WSY01").execute()
					.getMeta().getVersionId();
		}
		assertThat(Files.list(dataDir.resolve("h2")).map(p -> p.getFileName().toString()))
				.anyMatch(name -> name.endsWith(".mv.db"));

		try (ConfigurableApplicationContext second = start()) {
			IGenericClient client = HubServerTest.newClient(second);
			Patient again = client.read().resource(Patient.class).withId(patientId).execute();
			assertThat(again.getNameFirstRep().getText()).isEqualTo("重启前的病人");

			Organization wsy01 = client.read().resource(Organization.class).withId("WSY01").execute();
			assertThat(wsy01.getMeta().getVersionId()).isEqualTo(wsy01Version);
			assertThat(wsy01.getExtensionsByUrl(HubSystems.RECOGNITION_QUALIFICATION_EXTENSION)).hasSize(1);
			Bundle units = client.search().forResource(Organization.class).returnBundle(Bundle.class).execute();
			assertThat(units.getEntry()).hasSize(6);
		}
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(HubApplication.class)
				.run("--server.port=0", "--hub.mllp.port=0", "--hub.data-dir=" + dataDir, "--spring.jmx.enabled=false");
	}
}
