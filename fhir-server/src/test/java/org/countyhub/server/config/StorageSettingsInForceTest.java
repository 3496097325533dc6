package org.countyhub.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.model.entity.StorageSettings;
import org.countyhub.server.support.HubServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The running hub stores with its own settings ({@link FhirJpaConfig}), not HAPI's defaults. (A configuration class
 * of a benchmark in the test sources once replaced them in the benchmarks; in the tests the hub's beans won by class
 * path order, so this test passed then too: {@code NoTestClassIsScannedIntoTheHubTest} is the guard against that.)
 */
class StorageSettingsInForceTest extends HubServerTest {

	@Autowired
	private JpaStorageSettings settings;

	@Test
	void theHubsStorageSettingsAreTheOnesInForce() {
		// each differs from HAPI's default
		assertThat(settings.isAllowExternalReferences()).isTrue();
		assertThat(settings.getReuseCachedSearchResultsForMillis()).isNull();
		assertThat(settings.isPreExpandValueSets()).isFalse();
		assertThat(settings.isEnableTaskPreExpandValueSets()).isFalse();
		assertThat(settings.getIndexMissingFields()).isEqualTo(StorageSettings.IndexEnabledEnum.DISABLED);
		assertThat(settings.getResourceClientIdStrategy()).isEqualTo(JpaStorageSettings.ClientIdStrategyEnum.ALPHANUMERIC);
	}
}
