package org.countyhub.server.publichealth;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.workflow.ActingUnit;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/**
 * Notifiable disease figures for the indicator dashboard, per reporting unit, disease and month of diagnosis (in
 * the county's zone), from the cards' Tasks: cards, reported (confirmed), reported in time (报告及时率 =
 * in time / reported), withdrawn (退卡), drafts still open past their deadline.
 */
@Component
class PublicHealthFigures {

	/** One row. {@code timeliness} in percent, null when nothing was reported. */
	record Row(String unit, String unitName, String disease, String diseaseName, String diseaseClass,
			String diseaseClassName, int cards, int reported, int reportedInTime, Double timeliness, int withdrawn,
			int overdueOpen) {}

	private final WorkflowStore store;
	private final NotifiableDiseaseCatalogue catalogue;
	private final ActingUnit units;
	private final PublicHealthProperties properties;
	private final Clock clock;

	PublicHealthFigures(WorkflowStore store, NotifiableDiseaseCatalogue catalogue, ActingUnit units,
			PublicHealthProperties properties, Clock clock) {
		this.store = store;
		this.catalogue = catalogue;
		this.units = units;
		this.properties = properties;
		this.clock = clock;
	}

	List<Row> month(YearMonth month, Optional<String> unit) {
		SearchParameterMap map = new SearchParameterMap();
		map.add(Task.SP_CODE, new TokenParam(HubSystems.WORKFLOW, ReportDeadlines.WORKFLOW));
		Instant now = clock.instant();
		Map<String, int[]> counts = new TreeMap<>();
		for (Task task : store.search(Task.class, map)) {
			if (!task.getRestriction().getPeriod().hasStart() || !task.getOwner().hasReference()
					|| !month.equals(YearMonth.from(task.getRestriction().getPeriod().getStart().toInstant()
							.atZone(properties.zone())))) {
				continue;
			}
			String owner = new IdType(task.getOwner().getReference()).getIdPart();
			Optional<Coding> disease = task.getReasonCode().getCoding().stream()
					.filter(c -> HubSystems.NOTIFIABLE_DISEASE.equals(c.getSystem())).findFirst();
			if (disease.isEmpty() || (unit.isPresent() && !unit.get().equals(owner))) {
				continue;
			}
			int[] c = counts.computeIfAbsent(owner + "\u0000" + disease.get().getCode(), k -> new int[5]);
			if (task.getStatus() == Task.TaskStatus.CANCELLED) {
				c[3]++;
				continue;
			}
			c[0]++;
			if (task.getStatus() == Task.TaskStatus.COMPLETED) {
				c[1]++;
				c[2] += ReportDeadlines.onTime(task) ? 1 : 0;
			}
			c[4] += ReportDeadlines.isOverdue(task, now) ? 1 : 0;
		}
		List<Row> rows = new ArrayList<>();
		counts.forEach((key, c) -> {
			String owner = key.substring(0, key.indexOf('\u0000'));
			String code = key.substring(key.indexOf('\u0000') + 1);
			Optional<NotifiableDisease> disease = catalogue.disease(code);
			rows.add(new Row(owner,
					units.ofOrganization("Organization/" + owner).map(u -> u.name()).orElse(null),
					code,
					disease.map(NotifiableDisease::name).orElse(null),
					disease.map(d -> d.diseaseClass().code()).orElse(null),
					disease.map(d -> d.diseaseClass().name()).orElse(null),
					c[0], c[1], c[2], c[1] == 0 ? null : Math.round(1000.0 * c[2] / c[1]) / 10.0, c[3], c[4]));
		});
		rows.sort(Comparator.comparing(Row::unit).thenComparing(Row::disease));
		return rows;
	}
}
