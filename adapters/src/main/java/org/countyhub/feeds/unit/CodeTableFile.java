package org.countyhub.feeds.unit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.countyhub.profiles.HubSystems;

/**
 * One CSV code table (UTF-8, first line = header, {@code #} lines are comments). Its header says what it maps,
 * so files are found by scanning a unit folder and never listed by hand:
 * <ul>
 *   <li>{@code local_code,local_display,loinc_code,loinc_display}: item codes (OBR-4, OBX-3) → LOINC</li>
 *   <li>{@code local_unit,ucum_code}: units as written in OBX-6 → UCUM</li>
 *   <li>{@code flag,interpretation_code,interpretation_display}: OBX-8 abnormal flags → interpretation</li>
 *   <li>{@code local_code,local_display,icd10_code,icd10_display}: the unit's ICD-10 codes (DG1-3) → the national
 *   clinical edition, where they differ</li>
 *   <li>{@code diagnosis_type,role_code,role_display}: DG1-6 diagnosis types → the encounter's diagnosis role</li>
 *   <li>{@code local_code,local_display,formulary_code,formulary_display}: the unit's drug codes (RXE-2, RXO-1) →
 *   the community formulary</li>
 * </ul>
 */
public final class CodeTableFile {

	/** What a table maps. */
	public enum Kind {
		ITEM_CODES("local_code,local_display,loinc_code,loinc_display", HubSystems.LOINC, 2, 3),
		UNITS("local_unit,ucum_code", HubSystems.UCUM, 1, -1),
		ABNORMAL_FLAGS("flag,interpretation_code,interpretation_display", HubSystems.V3_OBSERVATION_INTERPRETATION, 1, 2),
		DIAGNOSIS_CODES("local_code,local_display,icd10_code,icd10_display", HubSystems.ICD10_CN_CLINICAL, 2, 3),
		DIAGNOSIS_TYPES("diagnosis_type,role_code,role_display", HubSystems.DIAGNOSIS_ROLE, 1, 2),
		DRUG_CODES("local_code,local_display,formulary_code,formulary_display", HubSystems.FORMULARY_DRUG, 2, 3);

		private final String header;
		private final String targetSystem;
		private final int targetColumn;
		/** The column with the target's display; -1 for none. */
		private final int displayColumn;

		Kind(String header, String targetSystem, int targetColumn, int displayColumn) {
			this.header = header;
			this.targetSystem = targetSystem;
			this.targetColumn = targetColumn;
			this.displayColumn = displayColumn;
		}

		public String header() {
			return header;
		}
	}

	private CodeTableFile() {}

	/** A table read from a file, named for error messages. */
	public record Table(String name, Kind kind, CodeMap map) {}

	public static Table read(String name, InputStream in) throws IOException {
		BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
		String header = null;
		Map<String, CodeMap.Target> entries = new HashMap<>();
		Kind kind = null;
		String line;
		int lineNo = 0;
		while ((line = reader.readLine()) != null) {
			lineNo++;
			if (line.startsWith("\uFEFF")) {
				line = line.substring(1);
			}
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			if (header == null) {
				header = line.trim();
				for (Kind k : Kind.values()) {
					if (k.header.equals(header)) {
						kind = k;
					}
				}
				if (kind == null) {
					throw new IllegalArgumentException(name + ": header '" + header + "' is none of "
							+ java.util.Arrays.stream(Kind.values()).map(Kind::header).toList());
				}
				continue;
			}
			List<String> cells = split(line);
			int columns = kind.header.split(",").length;
			if (cells.size() != columns) {
				throw new IllegalArgumentException(name + " line " + lineNo + ": expected " + columns
						+ " columns, found " + cells.size());
			}
			String target = cells.get(kind.targetColumn);
			String display = kind.displayColumn < 0 ? null : cells.get(kind.displayColumn);
			if (entries.put(cells.get(0), new CodeMap.Target(kind.targetSystem, target, display)) != null) {
				throw new IllegalArgumentException(name + " line " + lineNo + ": '" + cells.get(0) + "' is mapped twice");
			}
		}
		if (kind == null) {
			throw new IllegalArgumentException(name + ": empty code table");
		}
		return new Table(name, kind, new CodeMap(entries));
	}

	/** Comma-separated cells; a cell may be double-quoted to contain commas. */
	private static List<String> split(String line) {
		List<String> cells = new ArrayList<>();
		StringBuilder cell = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (c == '"') {
				if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
					cell.append('"');
					i++;
				} else {
					quoted = !quoted;
				}
			} else if (c == ',' && !quoted) {
				cells.add(cell.toString().trim());
				cell.setLength(0);
			} else {
				cell.append(c);
			}
		}
		cells.add(cell.toString().trim());
		return cells;
	}
}
