package org.countyhub.server.feeds;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.countyhub.county.CountyConfigurationException;
import org.countyhub.feeds.unit.CodeTableFile;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * Finds every unit's code tables by scanning {@code units/<code>/*.csv} in the county folder: dropping a file in a
 * unit's folder is all it takes. A file whose header is unknown stops the start, naming the file.
 */
final class UnitCodeTableScan {

	private UnitCodeTableScan() {}

	/** Tables by unit code (the folder name), each list sorted by file name. */
	static Map<String, List<CodeTableFile.Table>> scan(String countyLocation, ResourcePatternResolver resolver)
			throws IOException {
		String base = countyLocation.replaceAll("/+$", "");
		String pattern = base.startsWith("classpath:")
				? "classpath*:" + base.substring("classpath:".length()) + "/units/*/*.csv"
				: base + "/units/*/*.csv";
		Resource[] files = resolver.getResources(pattern);
		Arrays.sort(files, Comparator.comparing(UnitCodeTableScan::path));
		Map<String, List<CodeTableFile.Table>> byUnit = new LinkedHashMap<>();
		for (Resource file : files) {
			String[] parts = path(file).split("/");
			String unit = parts[parts.length - 2];
			String name = "units/" + unit + "/" + parts[parts.length - 1];
			try (InputStream in = file.getInputStream()) {
				byUnit.computeIfAbsent(unit, u -> new ArrayList<>()).add(CodeTableFile.read(name, in));
			} catch (IllegalArgumentException e) {
				throw new CountyConfigurationException(e.getMessage(), e);
			}
		}
		return byUnit;
	}

	private static String path(Resource resource) {
		try {
			return resource.getURL().toString();
		} catch (IOException e) {
			return resource.getDescription();
		}
	}
}
