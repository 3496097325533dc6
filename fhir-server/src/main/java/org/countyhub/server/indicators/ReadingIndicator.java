package org.countyhub.server.indicators;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.workflow.WorkflowCodes;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/**
 * 远程诊断 (Measure {@code remote-reading}): reading Tasks created in the month by requesting unit, modality and
 * centre; for the completed ones the hours from request to report, as median and 90th percentile, and the share
 * read within {@code hub.indicators.reading-limit}.
 */
@Component
class ReadingIndicator implements Indicator {

	static final String MODALITY = "modality";
	static final String CENTRE = "centre";

	private final WorkflowStore store;
	private final double limitHours;

	ReadingIndicator(WorkflowStore store, IndicatorProperties properties) {
		this.store = store;
		this.limitHours = properties.readingLimit().toSeconds() / 3600.0;
	}

	@Override
	public String measureId() {
		return "remote-reading";
	}

	@Override
	public List<GroupFigures> compute(ReportMonth month, UnitTypes types) {
		GroupFigures requests = new GroupFigures("requests", GroupFigures.Scoring.COUNT, UnitTypes.UNIT,
				UnitTypes.UNIT_TYPE, MODALITY, CENTRE);
		GroupFigures median = new GroupFigures("turnaround-median", GroupFigures.Scoring.MEDIAN, UnitTypes.UNIT,
				UnitTypes.UNIT_TYPE);
		GroupFigures p90 = new GroupFigures("turnaround-p90", GroupFigures.Scoring.P90, UnitTypes.UNIT,
				UnitTypes.UNIT_TYPE);
		GroupFigures withinLimit = new GroupFigures("within-limit", GroupFigures.Scoring.PROPORTION, UnitTypes.UNIT,
				UnitTypes.UNIT_TYPE);
		SearchParameterMap map = SearchParameterMap.newSynchronous();
		map.add(Task.SP_CODE, new TokenParam(HubSystems.WORKFLOW, WorkflowCodes.REMOTE_READING));
		map.add(Task.SP_AUTHORED_ON, month.range());
		for (Task task : store.search(Task.class, map)) {
			Optional<ServiceRequest> request = store.resolve(ServiceRequest.class, task.getFocus());
			Map<String, String> in = new HashMap<>(UnitTypes.unitOf(task.getRequester().getReference())
					.map(types::strata).orElse(Map.of()));
			request.flatMap(ReadingIndicator::modality).ifPresent(m -> in.put(MODALITY, m));
			UnitTypes.unitOf(task.getOwner().getReference()).ifPresent(c -> in.put(CENTRE, c));
			requests.add(in, GroupFigures.Cell::addCount);
			if (task.getStatus() == Task.TaskStatus.COMPLETED && task.getExecutionPeriod().hasEnd()
					&& task.hasAuthoredOn()) {
				double hours = (task.getExecutionPeriod().getEnd().getTime() - task.getAuthoredOn().getTime())
						/ 3_600_000.0;
				median.add(in, cell -> cell.observe(hours));
				p90.add(in, cell -> cell.observe(hours));
				withinLimit.add(in, cell -> cell.addDenominator(hours <= limitHours));
			}
		}
		return List.of(requests, median, p90, withinLimit);
	}

	private static Optional<String> modality(ServiceRequest request) {
		List<CodeableConcept> concepts = new java.util.ArrayList<>(request.getCategory());
		concepts.add(request.getCode());
		concepts.addAll(request.getOrderDetail());
		return WorkflowCodes.codeIn(concepts, HubSystems.DICOM_DCM).map(String::toUpperCase);
	}
}
