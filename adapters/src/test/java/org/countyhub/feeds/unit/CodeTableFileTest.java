package org.countyhub.feeds.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodeTableFileTest {

	@Test
	void theHeaderSaysWhatATableMaps() throws Exception {
		CodeTableFile.Table table = read("x.csv", "# comment\nlocal_unit,ucum_code\nG/L,10*9/L\n");
		assertThat(table.kind()).isEqualTo(CodeTableFile.Kind.UNITS);
		assertThat(table.map().get("G/L").code()).isEqualTo("10*9/L");
	}

	@Test
	void unknownHeaderAndDuplicatesFailWithTheFileNamed() {
		assertThatThrownBy(() -> read("bad.csv", "code,loinc\nA,1\n")).hasMessageStartingWith("bad.csv: header");
		assertThatThrownBy(() -> read("dup.csv", "local_unit,ucum_code\nG/L,a\nG/L,b\n"))
				.hasMessageContaining("dup.csv line 3");
	}

	@Test
	void unitTablesOverrideTheHubDefaults() throws Exception {
		UnitTables tables = UnitTables.of(List.of(read("units.csv", "local_unit,ucum_code\nmmol/L,mmol/L\nG/L,10*9/L\n")));
		assertThat(tables.units().get("G/L").code()).isEqualTo("10*9/L");
		assertThat(tables.units().get("10^9/L").code()).isEqualTo("10*9/L");
		assertThat(tables.flags().get("↑").code()).isEqualTo("H");
	}

	private static CodeTableFile.Table read(String name, String content) throws Exception {
		return CodeTableFile.read(name, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
	}
}
