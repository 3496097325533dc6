package org.countyhub.server.county;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.countyhub.county.CountyConfigurationException;
import org.countyhub.county.CountyDirectory;
import org.countyhub.county.CountyYamlReader;
import org.countyhub.server.config.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * Finds the county folder ({@code hub.county.location}) and reads its units. Units are discovered by scanning
 * {@code units/*}{@code /unit.yaml}, never listed by hand; a broken file stops the start with its name.
 */
@Configuration
public class CountyDirectoryConfig {

	private static final Logger log = LoggerFactory.getLogger(CountyDirectoryConfig.class);

	@Bean
	public CountyDirectory countyDirectory(HubProperties properties, ResourcePatternResolver resolver)
			throws IOException {
		String base = properties.county().location().replaceAll("/+$", "");
		Resource countyFile = resolver.getResource(base + "/county.yaml");
		if (!countyFile.exists()) {
			throw new CountyConfigurationException(
					"hub.county.location: no county.yaml at " + base + " (" + countyFile.getDescription() + ")", null);
		}
		String pattern = base.startsWith("classpath:")
				? "classpath*:" + base.substring("classpath:".length()) + "/units/*/unit.yaml"
				: base + "/units/*/unit.yaml";
		List<Source> units = Arrays.stream(resolver.getResources(pattern))
				.map(Source::new)
				.sorted(Comparator.comparing(Source::name))
				.toList();
		CountyDirectory directory = new CountyYamlReader().read(new Source(countyFile), units);
		log.info("County '{}' from {}: {} member units {}", directory.community().code(), base,
				directory.units().size(), directory.units().stream().map(u -> u.code()).toList());
		return directory;
	}

	private record Source(Resource resource) implements CountyYamlReader.Source {
		@Override
		public String name() {
			return resource.getDescription();
		}

		@Override
		public InputStream open() throws IOException {
			return resource.getInputStream();
		}
	}
}
