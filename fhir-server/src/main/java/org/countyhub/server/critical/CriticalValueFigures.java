package org.countyhub.server.critical;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.countyhub.server.workflow.ActingUnit;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/**
 * 危急值 figures per ordering unit and month of notification (county time zone), from the loops' Tasks alone: loops,
 * notified within the table's notification limit of the result (危急值通报及时率 = in time / loops), acknowledged,
 * acknowledgement time (notification → read-back) median and 90th percentile in minutes (nearest rank), escalated,
 * closed by a correction, still open; and the list of loops not acknowledged. No patient data.
 */
@Component
class CriticalValueFigures {

	/** One unit's month. Percent and minutes are null when there is nothing to measure. */
	record Row(String unit, String unitName, int loops, int notifiedInTime, Double notifiedInTimePercent,
			int acknowledged, Double acknowledgeMedianMinutes, Double acknowledgeP90Minutes, int escalated,
			int closedByCorrection, int open) {}

	/** A loop not (yet) acknowledged. */
	record Unacknowledged(String task, String unit, String item, Instant notifiedAt, Instant due, String state) {}

	record Month(List<Row> rows, List<Unacknowledged> unacknowledged) {}

	private final WorkflowStore store;
	private final ActingUnit units;
	private final CriticalValueTables tables;
	private final CriticalValueProperties properties;

	CriticalValueFigures(WorkflowStore store, ActingUnit units, CriticalValueTables tables,
			CriticalValueProperties properties) {
		this.store = store;
		this.units = units;
		this.tables = tables;
		this.properties = properties;
	}

	Month month(YearMonth month, Optional<String> unit) {
		Duration notifyLimit = tables.table().limits().notification();
		Map<String, List<Task>> byUnit = new TreeMap<>();
		for (Task task : store.search(Task.class, CriticalValueCodes.tasks())) {
			if (!task.hasAuthoredOn() || !task.getOwner().hasReference() || !month.equals(
					YearMonth.from(task.getAuthoredOn().toInstant().atZone(properties.zone())))) {
				continue;
			}
			String owner = new IdType(task.getOwner().getReference()).getIdPart();
			if (unit.isEmpty() || unit.get().equals(owner)) {
				byUnit.computeIfAbsent(owner, k -> new ArrayList<>()).add(task);
			}
		}
		List<Row> rows = new ArrayList<>();
		List<Unacknowledged> open = new ArrayList<>();
		byUnit.forEach((owner, tasks) -> {
			int inTime = 0;
			int escalated = 0;
			int corrected = 0;
			int stillOpen = 0;
			List<Double> ackMinutes = new ArrayList<>();
			for (Task task : tasks) {
				Instant notified = task.getAuthoredOn().toInstant();
				if (task.getRestriction().getPeriod().hasStart() && Duration.between(
						task.getRestriction().getPeriod().getStart().toInstant(), notified).compareTo(notifyLimit) <= 0) {
					inTime++;
				}
				if (task.getNote().stream().anyMatch(n -> n.getText() != null
						&& n.getText().startsWith(CriticalValueCodes.ESCALATION_NOTE))) {
					escalated++;
				}
				switch (task.getStatus()) {
					case COMPLETED -> {
						if (task.getExecutionPeriod().hasEnd()) {
							ackMinutes.add(Duration.between(notified, task.getExecutionPeriod().getEnd().toInstant())
									.toSeconds() / 60.0);
						}
					}
					case CANCELLED -> corrected++;
					default -> {
						stillOpen++;
						open.add(new Unacknowledged(task.getIdElement().getIdPart(), owner, task.getDescription(),
								notified, task.getRestriction().getPeriod().hasEnd()
										? task.getRestriction().getPeriod().getEnd().toInstant() : null,
								task.getBusinessStatus().getText()));
					}
				}
			}
			ackMinutes.sort(Comparator.naturalOrder());
			rows.add(new Row(owner, units.ofOrganization("Organization/" + owner).map(u -> u.name()).orElse(null),
					tasks.size(), inTime, percent(inTime, tasks.size()), ackMinutes.size(), rank(ackMinutes, 0.5),
					rank(ackMinutes, 0.9), escalated, corrected, stillOpen));
		});
		open.sort(Comparator.comparing(Unacknowledged::notifiedAt));
		return new Month(rows, open);
	}

	private static Double percent(int part, int whole) {
		return whole == 0 ? null : Math.round(1000.0 * part / whole) / 10.0;
	}

	/** Nearest-rank percentile of sorted values, rounded to 0.1 minute. */
	static Double rank(List<Double> sorted, double p) {
		if (sorted.isEmpty()) {
			return null;
		}
		int index = (int) Math.ceil(p * sorted.size()) - 1;
		return Math.round(10.0 * sorted.get(Math.max(index, 0))) / 10.0;
	}
}
