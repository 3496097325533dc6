package org.countyhub.feeds.unit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The code tables one unit's feeds are translated with: the unit's own files over the hub's defaults
 * ({@code feeds/defaults/*.csv} in this module: common unit spellings → UCUM, abnormal flags, HL7 table 0052
 * diagnosis types).
 */
public final class UnitTables {

	private static final List<String> DEFAULT_FILES = List.of("ucum-units.csv", "abnormal-flags.csv",
			"diagnosis-types.csv");

	private final CodeMap itemCodes;
	private final CodeMap units;
	private final CodeMap flags;
	private final CodeMap diagnosisCodes;
	private final CodeMap diagnosisTypes;
	private final CodeMap drugCodes;

	private UnitTables(Map<CodeTableFile.Kind, CodeMap> maps) {
		this.itemCodes = maps.getOrDefault(CodeTableFile.Kind.ITEM_CODES, CodeMap.EMPTY);
		this.units = maps.getOrDefault(CodeTableFile.Kind.UNITS, CodeMap.EMPTY);
		this.flags = maps.getOrDefault(CodeTableFile.Kind.ABNORMAL_FLAGS, CodeMap.EMPTY);
		this.diagnosisCodes = maps.getOrDefault(CodeTableFile.Kind.DIAGNOSIS_CODES, CodeMap.EMPTY);
		this.diagnosisTypes = maps.getOrDefault(CodeTableFile.Kind.DIAGNOSIS_TYPES, CodeMap.EMPTY);
		this.drugCodes = maps.getOrDefault(CodeTableFile.Kind.DRUG_CODES, CodeMap.EMPTY);
	}

	/** The hub's defaults only. */
	public static UnitTables defaults() {
		return of(List.of());
	}

	/** The unit's tables over the defaults; two unit files of the same kind are merged (a code twice is an error). */
	public static UnitTables of(List<CodeTableFile.Table> unitTables) {
		Map<CodeTableFile.Kind, CodeMap> maps = new EnumMap<>(CodeTableFile.Kind.class);
		for (String file : DEFAULT_FILES) {
			CodeTableFile.Table table = readDefault(file);
			maps.merge(table.kind(), table.map(), CodeMap::over);
		}
		Map<CodeTableFile.Kind, CodeMap> own = new EnumMap<>(CodeTableFile.Kind.class);
		for (CodeTableFile.Table table : unitTables) {
			CodeMap previous = own.get(table.kind());
			if (previous != null) {
				table.map().keysIn(previous).findFirst().ifPresent(code -> {
					throw new IllegalArgumentException(table.name() + ": '" + code + "' is already mapped in another "
							+ table.kind().header() + " file of this unit");
				});
				own.put(table.kind(), table.map().over(previous));
			} else {
				own.put(table.kind(), table.map());
			}
		}
		own.forEach((kind, map) -> maps.merge(kind, map, (defaults, unit) -> unit.over(defaults)));
		return new UnitTables(maps);
	}

	private static CodeTableFile.Table readDefault(String file) {
		try (InputStream in = UnitTables.class.getResourceAsStream("/feeds/defaults/" + file)) {
			if (in == null) {
				throw new IllegalStateException("missing resource feeds/defaults/" + file);
			}
			return CodeTableFile.read("feeds/defaults/" + file, in);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Local item code (OBR-4, OBX-3) → LOINC. */
	public CodeMap itemCodes() {
		return itemCodes;
	}

	/** Unit as written in OBX-6 → UCUM. */
	public CodeMap units() {
		return units;
	}

	/** OBX-8 abnormal flag → v3 ObservationInterpretation. */
	public CodeMap flags() {
		return flags;
	}

	/** The unit's ICD-10 code (DG1-3) → the national clinical edition, where the unit's edition differs. */
	public CodeMap diagnosisCodes() {
		return diagnosisCodes;
	}

	/** DG1-6 diagnosis type → the encounter's diagnosis role. */
	public CodeMap diagnosisTypes() {
		return diagnosisTypes;
	}

	/** The unit's drug code (RXE-2, RXO-1) → the community formulary. */
	public CodeMap drugCodes() {
		return drugCodes;
	}
}
