package org.countyhub.server.county;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.countyhub.county.CountyConfigurationException;
import org.countyhub.county.CountyDirectory;
import org.countyhub.server.config.HubProperties;
import org.countyhub.server.support.HubServerTest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

/**
 * The demo county's staff directory (county/demo/staff.yaml): every demo person who signs in as a Practitioner
 * exists as one, with an active role at each unit they act for — what the reading desk's 领取 and the referral
 * and report forms name — and a restart writes nothing new.
 */
class StaffDirectoryTest extends HubServerTest {

	@Test
	void everyDemoSignInNamesAStoredPractitionerWithARoleAtEachOfItsUnits() throws Exception {
		JsonNode users;
		try (InputStream in = new ClassPathResource("security/demo-sign-ins.yaml").getInputStream()) {
			users = new ObjectMapper(new YAMLFactory()).readTree(in).get("users");
		}
		int people = 0;
		for (JsonNode user : users) {
			if (!user.hasNonNull("fhirUser")) {
				continue;
			}
			String fhirUser = user.get("fhirUser").asText();
			Practitioner practitioner = client.read().resource(Practitioner.class).withUrl(fhirUser).execute();
			assertThat(practitioner.getNameFirstRep().getText()).as(fhirUser).isNotBlank();
			for (JsonNode unit : user.get("units")) {
				Bundle roles = client.search().forResource(PractitionerRole.class)
						.where(PractitionerRole.PRACTITIONER.hasId(fhirUser))
						.and(PractitionerRole.ORGANIZATION.hasId("Organization/" + unit.asText()))
						.and(PractitionerRole.ACTIVE.exactly().code("true"))
						.returnBundle(Bundle.class).execute();
				assertThat(roles.getEntry()).as("%s at %s", fhirUser, unit.asText()).singleElement()
						.satisfies(e -> assertThat(((PractitionerRole) e.getResource()).getCodeFirstRep().getText())
								.isNotBlank());
			}
			people++;
		}
		assertThat(people).isGreaterThanOrEqualTo(10);
		PractitionerRole reader = client.read().resource(PractitionerRole.class).withId("demo-reader-xrmyy-xrmyy").execute();
		assertThat(reader.getCodeFirstRep().getCodingFirstRep().getCode()).isEqualTo("doctor");
		assertThat(reader.getSpecialtyFirstRep().getText()).isEqualTo("放射科");
	}

	@Test
	@SuppressWarnings("unchecked")
	void aRestartWithTheSameFileWritesNoNewVersion() throws Exception {
		String before = client.read().resource(PractitionerRole.class).withId("demo-reader-xrmyy-xrmyy").execute()
				.getMeta().getVersionId();
		new StaffRegistration(context().getBean(CountyDirectory.class), context().getBean(HubProperties.class),
				context(), context().getBean(IFhirSystemDao.class)).start();
		assertThat(client.read().resource(PractitionerRole.class).withId("demo-reader-xrmyy-xrmyy").execute()
				.getMeta().getVersionId()).isEqualTo(before);
	}

	@Test
	void anEntryAtAnUnknownUnitOrWithAnUnknownRoleStopsTheStartNamingIt() {
		CountyDirectory county = context().getBean(CountyDirectory.class);
		assertThatThrownBy(() -> StaffDirectory.read(yaml("""
				staff:
				  - {id: dr-a, name: 甲医生, roles: [{unit: WSY01, code: doctor}, {unit: WSY99, code: doctor}]}
				"""), "staff.yaml", county))
				.isInstanceOf(CountyConfigurationException.class)
				.hasMessageContaining("staff.yaml: staff[0].roles[1].unit: no member unit WSY99");
		assertThatThrownBy(() -> StaffDirectory.read(yaml("""
				staff:
				  - {id: dr-b, name: 乙医生, roles: [{unit: WSY01, code: surgeon}]}
				"""), "staff.yaml", county))
				.hasMessageContaining("staff.yaml: staff[0].roles[0].code: not one of");
		assertThatThrownBy(() -> StaffDirectory.read(yaml("""
				staff:
				  - {id: dr-c, name: 丙医生}
				  - {id: dr-c, name: 丁医生}
				"""), "staff.yaml", county))
				.hasMessageContaining("staff.yaml: staff[1].id");
	}

	private static InputStream yaml(String text) {
		return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
	}
}
