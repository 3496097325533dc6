package org.countyhub.server.indicators;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.workflow.WorkflowCodes;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Slot;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/**
 * 上转 / 下转: referral Tasks created in the month, by sending unit (the Task's requester) and route; the
 * completion rate, the hours to acceptance and the use of the reserved slots (Measure {@code referrals}).
 */
@Component
class ReferralIndicator implements Indicator {

	static final String ROUTE = "route";
	private static final String TASK_STATUS = "http://hl7.org/fhir/task-status";
	private static final Set<Task.TaskStatus> ACCEPTED =
			EnumSet.of(Task.TaskStatus.ACCEPTED, Task.TaskStatus.INPROGRESS, Task.TaskStatus.COMPLETED);

	private final WorkflowStore store;

	ReferralIndicator(WorkflowStore store) {
		this.store = store;
	}

	@Override
	public String measureId() {
		return "referrals";
	}

	@Override
	public List<GroupFigures> compute(ReportMonth month, UnitTypes types) {
		GroupFigures up = new GroupFigures("up", GroupFigures.Scoring.COUNT, UnitTypes.UNIT, UnitTypes.UNIT_TYPE, ROUTE);
		GroupFigures down = new GroupFigures("down", GroupFigures.Scoring.COUNT, UnitTypes.UNIT, UnitTypes.UNIT_TYPE,
				ROUTE);
		GroupFigures ratio = new GroupFigures("down-up-ratio", GroupFigures.Scoring.PROPORTION, UnitTypes.UNIT,
				UnitTypes.UNIT_TYPE);
		GroupFigures completion = new GroupFigures("completion-rate", GroupFigures.Scoring.PROPORTION,
				UnitTypes.UNIT, UnitTypes.UNIT_TYPE);
		GroupFigures hours = new GroupFigures("hours-to-acceptance", GroupFigures.Scoring.MEDIAN, UnitTypes.UNIT,
				UnitTypes.UNIT_TYPE);
		SearchParameterMap map = SearchParameterMap.newSynchronous();
		map.add(Task.SP_CODE, new TokenParam(HubSystems.WORKFLOW, WorkflowCodes.REFERRAL));
		map.add(Task.SP_AUTHORED_ON, month.range());
		for (Task task : store.search(Task.class, map)) {
			Optional<String> direction = store.resolve(ServiceRequest.class, task.getFocus())
					.map(ReferralIndicator::direction);
			Optional<String> from = UnitTypes.unitOf(task.getRequester().getReference());
			if (direction.isEmpty() || from.isEmpty()) {
				continue;
			}
			Map<String, String> in = new HashMap<>(types.strata(from.get()));
			UnitTypes.unitOf(task.getOwner().getReference()).ifPresent(to -> in.put(ROUTE, from.get() + ">" + to));
			boolean isUp = "up".equals(direction.get());
			(isUp ? up : down).add(in, GroupFigures.Cell::addCount);
			if (isUp) {
				ratio.add(in, cell -> cell.addDenominator(1, 0));
			} else if ("down".equals(direction.get())) {
				ratio.add(in, cell -> cell.addDenominator(0, 1));
			}
			if (ACCEPTED.contains(task.getStatus())) {
				completion.add(in, cell -> cell.addDenominator(task.getStatus() == Task.TaskStatus.COMPLETED));
				acceptedAt(task).ifPresent(at -> hours.add(in, cell ->
						cell.observe((at.getTime() - task.getAuthoredOn().getTime()) / 3_600_000.0)));
			}
		}
		return List.of(up, down, ratio, completion, hours, reservedSlots(month, types));
	}

	private static String direction(ServiceRequest request) {
		Extension ext = request.getExtensionByUrl(HubSystems.REFERRAL_DIRECTION_EXTENSION);
		return ext != null && ext.getValue() instanceof Coding coding ? coding.getCode() : "unknown";
	}

	private Optional<java.util.Date> acceptedAt(Task task) {
		SearchParameterMap map = SearchParameterMap.newSynchronous();
		map.add(Provenance.SP_TARGET, new ReferenceParam("Task/" + task.getIdElement().getIdPart()));
		return store.search(Provenance.class, map).stream()
				.filter(p -> WorkflowCodes.has(p.getActivity(), TASK_STATUS, "accepted"))
				.map(Provenance::getRecorded)
				.min(Comparator.naturalOrder());
	}

	/** Reserved referral slots starting in the month, booked or not, by the unit whose department publishes them. */
	private GroupFigures reservedSlots(ReportMonth month, UnitTypes types) {
		GroupFigures usage = new GroupFigures("reserved-slot-usage", GroupFigures.Scoring.PROPORTION, UnitTypes.UNIT,
				UnitTypes.UNIT_TYPE);
		SearchParameterMap map = SearchParameterMap.newSynchronous();
		map.add(Slot.SP_SERVICE_CATEGORY, new TokenParam(HubSystems.WORKFLOW, WorkflowCodes.REFERRAL));
		map.add(Slot.SP_START, month.range());
		Map<String, Optional<String>> unitOfSchedule = new HashMap<>();
		for (Slot slot : store.search(Slot.class, map)) {
			Optional<String> unit = unitOfSchedule.computeIfAbsent(slot.getSchedule().getReference(),
					ref -> scheduleUnit(slot.getSchedule()));
			boolean booked = slot.getStatus() == Slot.SlotStatus.BUSY;
			usage.add(unit.map(types::strata).orElse(Map.of()), cell -> cell.addDenominator(booked));
		}
		return usage;
	}

	private Optional<String> scheduleUnit(Reference schedule) {
		return store.resolve(Schedule.class, schedule).flatMap(s -> s.getActor().stream()
				.map(actor -> store.resolve(HealthcareService.class, actor))
				.flatMap(Optional::stream)
				.map(department -> UnitTypes.unitOf(department.getProvidedBy().getReference()))
				.flatMap(Optional::stream)
				.findFirst());
	}
}
