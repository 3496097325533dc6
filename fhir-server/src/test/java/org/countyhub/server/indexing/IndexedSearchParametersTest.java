package org.countyhub.server.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Set;
import org.countyhub.server.support.HubServerTest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.SearchParameter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Observations are indexed by the parameters the hub uses and no others: a lab result stored by a feed has index
 * rows for its code but none for the retired combo parameters, a search by a kept parameter finds it, a search by
 * a retired one is answered 400 and names the parameter.
 */
class IndexedSearchParametersTest extends HubServerTest {

	@Autowired
	IndexedSearchParameters indexing;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void observationsAreIndexedOnlyByWhatTheHubUses() {
		String code = "IDX" + Long.toString(System.nanoTime(), 36).toUpperCase();
		org.hl7.fhir.r4.model.Observation result = new org.hl7.fhir.r4.model.Observation();
		result.setStatus(org.hl7.fhir.r4.model.Observation.ObservationStatus.PRELIMINARY);
		result.getCode().addCoding().setSystem("https://example.org/local").setCode(code);
		result.setValue(new org.hl7.fhir.r4.model.Quantity().setValue(5.2).setUnit("mmol/L")
				.setSystem("http://unitsofmeasure.org").setCode("mmol/L"));
		String id = client.create().resource(result).execute().getId().getIdPart();

		Bundle found = client.search().forResource("Observation")
				.where(org.hl7.fhir.r4.model.Observation.CODE.exactly().systemAndCode("https://example.org/local", code))
				.returnBundle(Bundle.class).execute();
		assertThat(found.getEntry()).hasSize(1);

		Long pid = jdbc.queryForObject("select RES_ID from HFJ_RESOURCE where RES_TYPE = 'Observation' and FHIR_ID = ?",
				Long.class, id);
		assertThat(jdbc.queryForObject("select count(*) from HFJ_SPIDX_TOKEN where RES_ID = ? and SP_NAME = 'code'",
				Integer.class, pid)).isEqualTo(1);
		assertThat(jdbc.queryForObject("select count(*) from HFJ_SPIDX_TOKEN where RES_ID = ? and SP_NAME like 'combo-%'",
				Integer.class, pid)).isZero();
		assertThat(jdbc.queryForObject("select count(*) from HFJ_SPIDX_QUANTITY where RES_ID = ?", Integer.class, pid))
				.as("value-quantity only, not combo-code-value-quantity").isEqualTo(1);

		assertThatThrownBy(() -> client.search().forResource("Observation")
				.where(new ca.uhn.fhir.rest.gclient.TokenClientParam("combo-code").exactly().code(code))
				.returnBundle(Bundle.class).execute())
				.isInstanceOf(InvalidRequestException.class)
				.hasMessageContaining("combo-code");
	}

	@Test
	void theTableNamesOnlyBuiltInParameters() {
		assertThat(indexing.retirements("Observation", IndexedSearchParameters.readTable().get("Observation")))
				.extracting(SearchParameter::getCode)
				.contains("combo-code", "component-code", "code-value-quantity")
				.doesNotContain("code", "patient", "value-quantity", "_profile");
		assertThatThrownBy(() -> indexing.retirements("Observation", Set.of("code", "no-such-parameter")))
				.hasMessageContaining("no-such-parameter");
	}
}
