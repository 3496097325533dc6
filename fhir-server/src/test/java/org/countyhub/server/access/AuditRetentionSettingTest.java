package org.countyhub.server.access;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.countyhub.county.CountyConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.DefaultResourceLoader;

/** A county policy keeping access records less than 180 days stops the start, naming the file and the key. */
class AuditRetentionSettingTest {

	@Test
	void aRetentionBelow180DaysStopsTheStart(@TempDir Path dir) throws Exception {
		Path policy = dir.resolve("access-policy.yaml");
		Files.writeString(policy, "relationshipDays: 30\nauditRetentionDays: 90\n");
		AccessProperties properties = new AccessProperties(true, policy.toUri().toString(), java.time.Duration.ofSeconds(30));
		assertThatThrownBy(() -> new AccessPolicyConfig().accessPolicy(properties, null, new DefaultResourceLoader()))
				.isInstanceOf(CountyConfigurationException.class)
				.hasMessageContaining("access-policy.yaml")
				.hasMessageContaining("auditRetentionDays must be at least 180, was 90");
	}
}
