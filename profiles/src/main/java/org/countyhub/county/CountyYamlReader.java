package org.countyhub.county;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a county folder: {@code county.yaml} for the community and one {@code units/<code>/unit.yaml} per member
 * unit. Unknown keys are errors, so a misspelt setting fails at start-up with the file named, instead of being
 * silently ignored.
 */
public final class CountyYamlReader {

	/** One file of the county folder, as the caller found it (file system or classpath). */
	public interface Source {
		String name();

		InputStream open() throws IOException;
	}

	private final ObjectMapper yaml = JsonMapper.builder(new YAMLFactory())
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.build();

	public CountyDirectory read(Source countyFile, List<? extends Source> unitFiles) {
		Community community = parse(countyFile, Community.class);
		List<MemberUnit> units = new ArrayList<>();
		for (Source unitFile : unitFiles) {
			units.add(parse(unitFile, MemberUnit.class));
		}
		return new CountyDirectory(community, units);
	}

	private <T> T parse(Source source, Class<T> type) {
		try (InputStream in = source.open()) {
			return yaml.readValue(in, type);
		} catch (IOException | RuntimeException e) {
			throw new CountyConfigurationException(source.name() + ": " + rootMessage(e), e);
		}
	}

	private static String rootMessage(Throwable e) {
		Throwable t = e;
		while (t.getCause() != null && t.getCause() != t) {
			t = t.getCause();
		}
		String message = t.getMessage();
		return message == null ? t.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
	}
}
