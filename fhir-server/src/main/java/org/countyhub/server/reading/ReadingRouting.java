package org.countyhub.server.reading;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where each member unit's exams are read: per unit and modality, the diagnosis centre (a member unit's code).
 * Read from the county folder's {@code units/<code>/reading.yaml} files; a unit without the file sends nothing
 * for remote reading.
 */
public final class ReadingRouting {

	/** One line of a unit's {@code reading.yaml}: these DICOM modalities (DX, CT, ECG, ...) go to this centre. */
	public record Route(List<String> modalities, String centre) {}

	/** The content of one {@code reading.yaml}. */
	public record UnitRoutes(List<Route> routes) {}

	private final Map<String, Map<String, String>> centreByUnitAndModality;

	ReadingRouting(Map<String, Map<String, String>> centreByUnitAndModality) {
		this.centreByUnitAndModality = Map.copyOf(centreByUnitAndModality);
	}

	/** The centre (unit code) that reads this unit's exams of this modality, if the unit sends them out. */
	public Optional<String> centreFor(String unitCode, String modality) {
		return Optional.ofNullable(centreByUnitAndModality.getOrDefault(unitCode, Map.of()).get(modality));
	}

	public Map<String, Map<String, String>> asMap() {
		return centreByUnitAndModality;
	}
}
