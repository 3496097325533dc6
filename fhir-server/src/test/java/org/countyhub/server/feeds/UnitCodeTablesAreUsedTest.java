package org.countyhub.server.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.countyhub.feeds.unit.CodeTableFile;
import org.countyhub.feeds.unit.FeedUnits;
import org.countyhub.server.support.HubServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every code table in the demo county's unit folders is found, read and given to its unit: no orphan files. */
class UnitCodeTablesAreUsedTest extends HubServerTest {

	@Autowired
	private Map<String, List<CodeTableFile.Table>> unitCodeTables;

	@Autowired
	private FeedUnits feedUnits;

	@Test
	void everyCsvFileInAUnitFolderIsLoadedForThatUnit() throws IOException {
		Path units = Path.of("src/main/resources/county/demo/units");
		List<String> onDisk;
		try (Stream<Path> files = Files.walk(units)) {
			onDisk = files.filter(p -> p.toString().endsWith(".csv"))
					.map(p -> "units/" + units.relativize(p).toString().replace('\\', '/'))
					.sorted()
					.toList();
		}
		List<String> loaded = unitCodeTables.values().stream().flatMap(List::stream)
				.map(CodeTableFile.Table::name).sorted().toList();
		assertThat(onDisk).isNotEmpty();
		assertThat(loaded).containsExactlyElementsOf(onDisk);
		unitCodeTables.forEach((unit, tables) -> {
			assertThat(feedUnits.byCode(unit)).as("unit folder " + unit).isPresent();
			for (CodeTableFile.Table table : tables) {
				assertThat(table.map().size()).as(table.name()).isPositive();
				assertThat(feedUnits.byCode(unit).orElseThrow().tables()).isNotNull();
			}
		});
		// a table's entries reach the unit's translators
		assertThat(feedUnits.byCode("XRMYY").orElseThrow().tables().itemCodes().get("WBC").code()).isEqualTo("6690-2");
		assertThat(feedUnits.byCode("WSY01").orElseThrow().tables().units().get("G/L").code()).isEqualTo("10*9/L");
		assertThat(feedUnits.byCode("WSY02").orElseThrow().tables().itemCodes().get("WBC")).isNull();
	}
}
