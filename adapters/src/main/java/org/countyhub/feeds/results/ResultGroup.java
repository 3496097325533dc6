package org.countyhub.feeds.results;

import java.util.ArrayList;
import java.util.List;
import org.countyhub.feeds.hl7.Segment;

/**
 * One OBR of a result message with what follows it: its ORC (if any), its OBX each with their NTE, its own NTE
 * and its SPM. Built by walking segments, which works for the group structures of 2.3 to 2.8 alike.
 */
public final class ResultGroup {

	/** One OBX and the NTE segments after it. */
	public record Result(Segment obx, List<Segment> notes) {}

	private Segment orc;
	private final Segment obr;
	private final List<Result> results = new ArrayList<>();
	private final List<Segment> notes = new ArrayList<>();
	private final List<Segment> specimens = new ArrayList<>();

	private ResultGroup(Segment orc, Segment obr) {
		this.orc = orc;
		this.obr = obr;
	}

	public static List<ResultGroup> of(List<Segment> segments) {
		List<ResultGroup> groups = new ArrayList<>();
		Segment pendingOrc = null;
		ResultGroup current = null;
		for (Segment s : segments) {
			switch (s.name()) {
				case "ORC" -> pendingOrc = s;
				case "OBR" -> {
					current = new ResultGroup(pendingOrc, s);
					pendingOrc = null;
					groups.add(current);
				}
				case "OBX" -> {
					if (current != null) {
						current.results.add(new Result(s, new ArrayList<>()));
					}
				}
				case "NTE" -> {
					if (current != null) {
						if (current.results.isEmpty()) {
							current.notes.add(s);
						} else {
							current.results.get(current.results.size() - 1).notes().add(s);
						}
					}
				}
				case "SPM" -> {
					if (current != null) {
						current.specimens.add(s);
					}
				}
				default -> { }
			}
		}
		return groups;
	}

	/** The ORC before the OBR, or null. */
	public Segment orc() {
		return orc;
	}

	public Segment obr() {
		return obr;
	}

	public List<Result> results() {
		return results;
	}

	public List<Segment> notes() {
		return notes;
	}

	public List<Segment> specimens() {
		return specimens;
	}

	/** Filler order number: ORC-3, else OBR-3. */
	public String filler() {
		return orc != null && !orc.value(3).isEmpty() ? orc.value(3) : obr.value(3);
	}

	/** Placer order number: ORC-2, else OBR-2. */
	public String placer() {
		return orc != null && !orc.value(2).isEmpty() ? orc.value(2) : obr.value(2);
	}
}
