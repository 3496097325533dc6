package org.countyhub.server.conventions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every user-visible error carries a code {@code HUB-nnnn} (HubMsg.code(n)) that operators search for and tests
 * assert on; a number used twice would make both meaningless. Scans the main sources of all modules.
 */
class ErrorCodesAreUniqueTest {

	private static final Pattern CODE = Pattern.compile("HubMsg\\.code\\((\\d+)\\)");

	@Test
	void everyErrorCodeBelongsToExactlyOneClass() throws IOException {
		Path root = Path.of("..").toAbsolutePath().normalize();
		Map<Integer, Set<String>> uses = new TreeMap<>();
		try (Stream<Path> modules = Files.list(root)) {
			modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).forEach(src -> scan(src, uses));
		}
		assertThat(uses).as("error codes found in the sources").isNotEmpty();
		uses.forEach((code, places) -> assertThat(places)
				.as("HUB-%04d must belong to one place (one class)", code)
				.hasSize(1));
		assertThat(uses.keySet()).allMatch(code -> code >= 1000 && code <= 5999, "codes are in 1000..5999");
	}

	private static void scan(Path src, Map<Integer, Set<String>> uses) {
		try (Stream<Path> files = Files.walk(src)) {
			files.filter(f -> f.toString().endsWith(".java")).forEach(file -> {
				try {
					Matcher m = CODE.matcher(Files.readString(file));
					while (m.find()) {
						uses.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new TreeSet<>())
								.add(src.relativize(file).toString());
					}
				} catch (IOException e) {
					throw new UncheckedIOException(e);
				}
			});
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
