package org.countyhub.server.reading;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.countyhub.county.CountyConfigurationException;
import org.countyhub.county.CountyDirectory;
import org.countyhub.server.config.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * Reads every {@code units/<code>/reading.yaml} of the county folder (discovered by scanning, never listed).
 * A file for an undeclared unit, naming an undeclared centre, or giving one modality two centres stops the
 * start with the file named.
 */
@Configuration
class ReadingRoutingConfig {

	private static final Logger log = LoggerFactory.getLogger(ReadingRoutingConfig.class);
	private static final Pattern UNIT_FOLDER = Pattern.compile(".*/units/([^/]+)/reading\\.yaml$");

	private final ObjectMapper yaml = JsonMapper.builder(new YAMLFactory())
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.build();

	@Bean
	ReadingRouting readingRouting(HubProperties properties, ResourcePatternResolver resolver, CountyDirectory directory)
			throws IOException {
		String base = properties.county().location().replaceAll("/+$", "");
		String pattern = base.startsWith("classpath:")
				? "classpath*:" + base.substring("classpath:".length()) + "/units/*/reading.yaml"
				: base + "/units/*/reading.yaml";
		Map<String, Map<String, String>> routing = new LinkedHashMap<>();
		for (Resource file : resolver.getResources(pattern)) {
			String name = file.getDescription();
			Matcher m = UNIT_FOLDER.matcher(file.getURL().toString());
			if (!m.matches() || directory.byCode(m.group(1)).isEmpty()) {
				throw new CountyConfigurationException(name + ": not in the folder of a declared member unit", null);
			}
			String unit = m.group(1);
			ReadingRouting.UnitRoutes routes;
			try (InputStream in = file.getInputStream()) {
				routes = yaml.readValue(in, ReadingRouting.UnitRoutes.class);
			} catch (IOException | RuntimeException e) {
				throw new CountyConfigurationException(name + ": " + e.getMessage().lines().findFirst().orElse(""), e);
			}
			Map<String, String> byModality = new LinkedHashMap<>();
			for (ReadingRouting.Route route : routes.routes()) {
				if (route.centre() == null || directory.byCode(route.centre()).isEmpty()) {
					throw new CountyConfigurationException(
							name + ": centre '" + route.centre() + "' is not a declared member unit", null);
				}
				if (route.modalities() == null || route.modalities().isEmpty()) {
					throw new CountyConfigurationException(name + ": a route without modalities", null);
				}
				for (String modality : route.modalities()) {
					String previous = byModality.put(modality.toUpperCase(Locale.ROOT), route.centre());
					if (previous != null) {
						throw new CountyConfigurationException(
								name + ": modality " + modality + " is routed to two centres", null);
					}
				}
			}
			routing.put(unit, byModality);
		}
		log.info("Remote reading routes (unit -> modality -> centre): {}", routing);
		return new ReadingRouting(routing);
	}
}
