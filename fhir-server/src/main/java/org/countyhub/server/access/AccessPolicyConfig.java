package org.countyhub.server.access;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import org.countyhub.county.CountyConfigurationException;
import org.countyhub.server.config.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Loads the county's 调阅 policy: {@code hub.access.policy}, else {@code access-policy.yaml} in the county folder,
 * else the defaults. An unknown key or a bad value stops the start naming the file and the key.
 */
@Configuration
@EnableConfigurationProperties(AccessProperties.class)
class AccessPolicyConfig {

	private static final Logger log = LoggerFactory.getLogger(AccessPolicyConfig.class);

	private final ObjectMapper yaml = JsonMapper.builder(new YAMLFactory())
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.build();

	@Bean
	AccessPolicy accessPolicy(AccessProperties properties, HubProperties hub, ResourceLoader loader) {
		String location = properties.policy().isBlank()
				? hub.county().location().replaceAll("/+$", "") + "/access-policy.yaml"
				: properties.policy();
		Resource file = loader.getResource(location);
		AccessPolicy policy;
		if (!file.exists()) {
			if (!properties.policy().isBlank()) {
				throw new CountyConfigurationException("hub.access.policy: no file at " + location, null);
			}
			policy = AccessPolicy.defaults();
		} else {
			try (InputStream in = file.getInputStream()) {
				policy = yaml.readValue(in, AccessPolicy.class);
			} catch (IOException | RuntimeException e) {
				throw new CountyConfigurationException(location + ": "
						+ String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
			}
			if (policy == null) {
				policy = AccessPolicy.defaults();
			}
		}
		policy.check().ifPresent(problem -> {
			throw new CountyConfigurationException(location + ": " + problem, null);
		});
		log.info("调阅 rules {}: own unit {}, relationship {} days, consent {}, break-glass {} h, sensitive labels {},"
				+ " audit kept {} days", properties.enabled() ? "on" : "OFF (identity and roles only)",
				policy.ownUnit(), policy.relationshipDays(), policy.consent(), policy.breakGlassHours(),
				policy.labelCodes(), policy.auditRetentionDays());
		return policy;
	}
}
