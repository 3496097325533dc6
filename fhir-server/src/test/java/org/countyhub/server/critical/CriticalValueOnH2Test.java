package org.countyhub.server.critical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.countyhub.server.critical.CriticalValueMessages.idCard;
import static org.countyhub.server.critical.CriticalValueMessages.result;
import static org.countyhub.server.critical.CriticalValueMessages.unique;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.support.HubServerTest;
import org.countyhub.server.support.OfficialValidator;
import org.hl7.fhir.r4.model.Library;
import org.junit.jupiter.api.Test;

/**
 * Issue 23 on the embedded database: the story (see {@link CriticalValueStory}); the loop's resources pass the
 * official HL7 validator; the table changed at run time as the FHIR Library (a wrong one refused with HUB-5790, a
 * raised limit used from its commit on, the demo table restored).
 */
class CriticalValueOnH2Test extends HubServerTest implements CriticalValueStory {

	@Override
	public IGenericClient client() {
		return client;
	}

	@Test
	void theLoopsResourcesPassTheOfficialValidator() {
		Instant start = Instant.now().minusSeconds(1);
		String filler = unique("F");
		assertAck(send(result(unique("C"), unique("L"), idCard(), unique("P"), filler, "K", "钾", "7.4", "mmol/L", "HH",
				"F", Instant.now())));
		String taskId = taskOf(loopOf(observation(filler, "K"))).getIdElement().getIdPart();
		acknowledge(clientWith(tokenAs(List.of(Roles.CLINICIAN), "XRMYY")), taskId, "钱医生", "7.4", "treated", "已补液降钾");
		OfficialValidator.Verdict verdict = new OfficialValidator().judge(
				OfficialValidator.storedSince(client, start, List.of("Communication", "Task", "Library")),
				"critical-value-story");
		assertThat(verdict.judged()).isGreaterThanOrEqualTo(2);
		assertThat(verdict.errors()).isEmpty();
	}

	@Test
	void theTableChangesAtRunTimeAsTheFhirLibraryAndAWrongOneIsRefused() {
		IGenericClient admin = clientWith(tokenAs(List.of(Roles.SYSTEM_ADMIN)));
		Library stored = admin.read().resource(Library.class).withId(CriticalValueTables.LIBRARY_ID).execute();
		byte[] demo = stored.getContentFirstRep().getData();
		String yaml = new String(demo, StandardCharsets.UTF_8);
		try {
			Library wrong = CriticalValueTables.library(
					yaml.replace("low: 2.8, high: 6.2", "low: 7, high: 6.2").getBytes(StandardCharsets.UTF_8), "wrong");
			assertThatThrownBy(() -> admin.update().resource(wrong).execute())
					.isInstanceOfSatisfying(UnprocessableEntityException.class,
							e -> assertThat(e.getMessage()).contains("HUB-5790").contains("血钾"));

			// the county raises potassium's high limit to 7.0: an unflagged 6.9 is no longer critical
			admin.update().resource(CriticalValueTables.library(yaml.replace("low: 2.8, high: 6.2", "low: 2.8, high: 7.0")
					.getBytes(StandardCharsets.UTF_8), "raised")).execute();
			String filler = unique("F");
			assertAck(send(result(unique("C"), unique("L"), idCard(), unique("P"), filler, "K", "钾", "6.9", "mmol/L",
					"H", "F", Instant.now())));
			assertThat(loopsOf(observation(filler, "K"))).isEmpty();
		} finally {
			admin.update().resource(CriticalValueTables.library(demo, stored.getVersion())).execute();
		}
		String again = unique("F");
		assertAck(send(result(unique("C"), unique("L"), idCard(), unique("P"), again, "K", "钾", "6.9", "mmol/L", "H",
				"F", Instant.now())));
		assertThat(loopsOf(observation(again, "K"))).hasSize(1);
	}
}
