package org.countyhub.server.reading;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.countyhub.county.MemberUnit;
import org.countyhub.profiles.HubMsg;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.rest.FhirOperationProvider;
import org.countyhub.server.workflow.ActingUnit;
import org.countyhub.server.workflow.WorkflowCodes;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/**
 * The diagnosis centre's side of remote reading: its worklist ordered by priority and age, claiming a Task for a
 * reader, and the turnaround figures. (HAPI sorts Task.priority as a plain token, alphabetically, which is not
 * the clinical order stat > asap > urgent > routine; hence an operation rather than {@code _sort=priority}.)
 */
@Component
class ReadingOperations implements FhirOperationProvider {

	static final List<String> OPEN_STATUSES = List.of("requested", "accepted", "in-progress");
	private static final List<Task.TaskPriority> PRIORITY_ORDER = List.of(
			Task.TaskPriority.STAT, Task.TaskPriority.ASAP, Task.TaskPriority.URGENT, Task.TaskPriority.ROUTINE);

	private final WorkflowStore store;
	private final ReadingCentres centres;
	private final ActingUnit units;

	ReadingOperations(WorkflowStore store, ReadingCentres centres, ActingUnit units) {
		this.store = store;
		this.centres = centres;
		this.units = units;
	}

	/**
	 * {@code GET /fhir/Task/$worklist?centre=XRMYY}: the centre's open reading Tasks (requested, accepted,
	 * in-progress; or those given in {@code status}), most urgent first, then oldest first, with each Task's
	 * request, patient and the ImagingStudies registered for the request. Optional: {@code modality} (DICOM code),
	 * {@code requester} (the requesting unit's code), {@code order} ({@code priority}, {@code waiting} = oldest
	 * first, {@code newest}), and a page by {@code _count} / {@code _offset} — {@code total} counts every Task that
	 * matches, the entries and includes are the page's only (a centre's console shows 50 of 500).
	 */
	@Operation(name = "$worklist", typeName = "Task", idempotent = true)
	public Bundle worklist(
			@OperationParam(name = "centre", min = 0, max = 1) StringType centreParam,
			@OperationParam(name = "status", min = 0, max = 1) StringType statusParam,
			@OperationParam(name = "modality", min = 0, max = 1) StringType modalityParam,
			@OperationParam(name = "requester", min = 0, max = 1) StringType requesterParam,
			@OperationParam(name = "order", min = 0, max = 1) StringType orderParam,
			@OperationParam(name = "_count", min = 0, max = 1) IntegerType countParam,
			@OperationParam(name = "_offset", min = 0, max = 1) IntegerType offsetParam,
			RequestDetails request) {
		String centreCode = centreParam != null && centreParam.hasValue()
				? centreParam.getValue()
				: units.require(request, "the worklist without a centre parameter").code();
		MemberUnit centre = units.ofCode(centreCode).orElseThrow(() -> new InvalidRequestException(
				HubMsg.code(5102) + "centre '" + centreCode + "' is not a member unit of the county"));
		WorklistSlice page = WorklistSlice.of(orderParam, countParam, offsetParam);

		List<String> wanted = statusParam != null && statusParam.hasValue()
				? List.of(statusParam.getValue().split(","))
				: OPEN_STATUSES;
		List<String> owners = centres.ownersOf(centre.reference());
		Supplier<SearchParameterMap> criteria = () -> {
			SearchParameterMap map = new SearchParameterMap();
			map.add(Task.SP_CODE, new TokenParam(HubSystems.WORKFLOW, WorkflowCodes.REMOTE_READING));
			TokenOrListParam statuses = new TokenOrListParam();
			wanted.forEach(s -> statuses.addOr(new TokenParam(s.trim())));
			map.add(Task.SP_STATUS, statuses);
			ReferenceOrListParam owner = new ReferenceOrListParam();
			owners.forEach(o -> owner.addOr(new ReferenceParam(o)));
			map.add(Task.SP_OWNER, owner);
			return map;
		};
		boolean filtered = requesterParam != null && requesterParam.hasValue()
				|| modalityParam != null && modalityParam.hasValue();
		WorklistOrder.Page found = filtered
				? filteredInMemory(criteria.get(), requesterParam, modalityParam, page)
				: WorklistOrder.of(store, criteria, page);
		List<Task> shown = found.tasks();

		Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(found.total());
		for (Task task : shown) {
			bundle.addEntry().setResource(task).setFullUrl("Task/" + task.getIdElement().getIdPart())
					.getSearch().setMode(Bundle.SearchEntryMode.MATCH);
		}
		Map<String, Resource> included = WorklistIncludes.of(shown, store);
		included.forEach((ref, resource) -> bundle.addEntry().setResource(resource).setFullUrl(ref)
				.getSearch().setMode(Bundle.SearchEntryMode.INCLUDE));
		return bundle;
	}

	/**
	 * A worklist filtered by requesting unit or modality: the Task does not carry the modality (its request or
	 * study does), so these are read whole and ordered here, the same order {@link WorklistOrder} asks of the
	 * database.
	 */
	private WorklistOrder.Page filteredInMemory(SearchParameterMap map, StringType requesterParam,
			StringType modalityParam, WorklistSlice page) {
		List<Task> tasks = new ArrayList<>(store.search(Task.class, map));
		if (requesterParam != null && requesterParam.hasValue()) {
			String requester = requesterParam.getValue().strip();
			tasks.removeIf(t -> !requester.equals(t.getRequester().getReferenceElement().getIdPart()));
		}
		if (modalityParam != null && modalityParam.hasValue()) {
			tasks = ofModality(tasks, modalityParam.getValue().strip());
		}
		// authoredOn has second precision: requests of the same second keep the order the hub stored them in,
		// otherwise a page boundary could show one twice and skip another
		Comparator<Task> oldestFirst = Comparator.comparing(ReadingOperations::authored)
				.thenComparingLong(ReadingOperations::storedOrder);
		tasks.sort(page.order().equals("priority")
				? Comparator.<Task>comparingInt(t -> PRIORITY_ORDER.indexOf(priority(t))).thenComparing(oldestFirst)
				: page.order().equals("newest") ? oldestFirst.reversed() : oldestFirst);
		return new WorklistOrder.Page(tasks.size(), page.of(tasks));
	}

	/** Only the Tasks whose request (or registered study) is of the modality: needs each request, read in batches. */
	private List<Task> ofModality(List<Task> tasks, String modality) {
		Map<String, Resource> included = WorklistIncludes.of(tasks, store);
		List<Task> kept = new ArrayList<>();
		for (Task task : tasks) {
			if (included.get(task.getFocus().getReference()) instanceof ServiceRequest sr
					&& modality.equals(ReadingModality.of(sr, included.values()))) {
				kept.add(task);
			}
		}
		return kept;
	}

	private static Date authored(Task task) {
		return task.getAuthoredOn() == null ? new Date(0) : task.getAuthoredOn();
	}

	/** Server-assigned ids grow with each stored resource; an id chosen by a client sorts last among its second. */
	private static long storedOrder(Task task) {
		return task.getIdElement().isIdPartValidLong() ? task.getIdElement().getIdPartAsLong() : Long.MAX_VALUE;
	}

	private static Task.TaskPriority priority(Task task) {
		return task.hasPriority() && task.getPriority() != Task.TaskPriority.NULL
				? task.getPriority()
				: Task.TaskPriority.ROUTINE;
	}

	/**
	 * {@code POST /fhir/Task/{id}/$claim} with {@code reader} = a PractitionerRole at the owning centre: the Task
	 * moves to in-progress and is owned by the reader. Only the centre may claim ({@code X-Hub-Unit}); a Task
	 * claimed meanwhile by someone else gives 409.
	 */
	@Operation(name = "$claim", typeName = "Task")
	public Task claim(
			@IdParam IdType id,
			@OperationParam(name = "reader", min = 1, max = 1) Reference reader,
			RequestDetails request) {
		Task task = centreTask(id, request, "claim");
		String centre = centres.centreOf(task).orElse("");
		if (task.getStatus() != Task.TaskStatus.REQUESTED && task.getStatus() != Task.TaskStatus.ACCEPTED) {
			throw new ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException(HubMsg.code(5105) + "Task/"
					+ id.getIdPart() + " is " + task.getStatus().toCode() + " and can no longer be claimed");
		}
		PractitionerRole role = store.resolve(PractitionerRole.class, reader).orElseThrow(() ->
				new UnprocessableEntityException(HubMsg.code(5106) + "reader must reference an existing PractitionerRole"));
		if (!centre.equals(role.getOrganization().getReference())) {
			throw new UnprocessableEntityException(HubMsg.code(5107) + "reader PractitionerRole/"
					+ role.getIdElement().getIdPart() + " does not belong to the centre " + centre);
		}
		// the id read carries its version: the update fails with 409 if another reader claimed it meanwhile
		task.setStatus(Task.TaskStatus.INPROGRESS);
		task.setOwner(new Reference("PractitionerRole/" + role.getIdElement().getIdPart())
				.setDisplay(reader.getDisplay()));
		task.getExecutionPeriod().setStartElement(DateTimeType.now());
		task.setLastModifiedElement(DateTimeType.now());
		return store.update(task, null);
	}

	/**
	 * {@code POST /fhir/Task/{id}/$release} (释放): a claimed Task goes back to the centre's worklist, unclaimed
	 * (status requested, owner the centre). Only the owning centre may release; a Task not claimed (already
	 * released, reported or cancelled) gives 409, so a reader sees that someone else acted first.
	 */
	@Operation(name = "$release", typeName = "Task")
	public Task release(@IdParam IdType id, RequestDetails request) {
		Task task = centreTask(id, request, "release");
		String centre = centres.centreOf(task).orElse("");
		if (task.getStatus() != Task.TaskStatus.INPROGRESS) {
			throw new ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException(HubMsg.code(5108) + "Task/"
					+ id.getIdPart() + " is " + task.getStatus().toCode() + ", not claimed, and cannot be released");
		}
		// the id read carries its version: the update fails with 409 if the Task changed meanwhile
		task.setStatus(Task.TaskStatus.REQUESTED);
		task.setOwner(new Reference(centre));
		task.getExecutionPeriod().setStartElement(null);
		task.setLastModifiedElement(DateTimeType.now());
		return store.update(task, null);
	}

	/** The reading Task the acting unit wants to claim or release: it must be a reading Task of that centre. */
	private Task centreTask(IdType id, RequestDetails request, String action) {
		MemberUnit acting = units.require(request, action + " a reading task");
		Task task = store.read(Task.class, id.getIdPart());
		if (!WorkflowCodes.isA(task, WorkflowCodes.REMOTE_READING)) {
			throw new UnprocessableEntityException(HubMsg.code(5103) + "Task/" + id.getIdPart()
					+ " is not a remote-reading task");
		}
		String centre = centres.centreOf(task).orElse("");
		if (!centre.equals(acting.reference())) {
			throw new ForbiddenOperationException(HubMsg.code(5104) + "only the owning centre (" + centre
					+ ") may " + action + " Task/" + id.getIdPart() + "; " + ActingUnit.HEADER + " is " + acting.code());
		}
		return task;
	}

	/**
	 * {@code GET /fhir/Task/$reading-turnaround?since=2026-11-01}: per centre, how many reading Tasks completed
	 * (authored since the date) and the minutes from request to report: mean, median, 90th percentile, maximum.
	 */
	@Operation(name = "$reading-turnaround", typeName = "Task", idempotent = true)
	public Parameters turnaround(@OperationParam(name = "since", min = 0, max = 1) DateTimeType since) {
		SearchParameterMap map = new SearchParameterMap();
		map.add(Task.SP_CODE, new TokenParam(HubSystems.WORKFLOW, WorkflowCodes.REMOTE_READING));
		map.add(Task.SP_STATUS, new TokenParam("completed"));
		if (since != null && since.hasValue()) {
			map.add(Task.SP_AUTHORED_ON, new DateParam(ParamPrefixEnum.GREATERTHAN_OR_EQUALS, since.getValue()));
		}
		Map<String, List<Double>> minutesByCentre = new LinkedHashMap<>();
		for (Task task : store.search(Task.class, map)) {
			if (!task.hasAuthoredOn() || !task.getExecutionPeriod().hasEnd()) {
				continue;
			}
			double minutes = (task.getExecutionPeriod().getEnd().getTime() - task.getAuthoredOn().getTime()) / 60000.0;
			centres.centreOf(task).ifPresent(c -> minutesByCentre.computeIfAbsent(c, k -> new ArrayList<>()).add(minutes));
		}
		Parameters result = new Parameters();
		Set<String> ordered = new LinkedHashSet<>(minutesByCentre.keySet());
		for (String centre : ordered) {
			List<Double> minutes = minutesByCentre.get(centre);
			minutes.sort(Double::compare);
			Parameters.ParametersParameterComponent p = result.addParameter().setName("centre");
			p.addPart().setName("centre").setValue(new Reference(centre));
			p.addPart().setName("completed").setValue(new IntegerType(minutes.size()));
			p.addPart().setName("mean-minutes").setValue(new DecimalType(round(
					minutes.stream().mapToDouble(Double::doubleValue).average().orElse(0))));
			p.addPart().setName("median-minutes").setValue(new DecimalType(round(percentile(minutes, 50))));
			p.addPart().setName("p90-minutes").setValue(new DecimalType(round(percentile(minutes, 90))));
			p.addPart().setName("max-minutes").setValue(new DecimalType(round(minutes.get(minutes.size() - 1))));
		}
		return result;
	}

	private static double percentile(List<Double> sorted, int p) {
		int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
	}

	private static double round(double v) {
		return Math.round(v * 10) / 10.0;
	}
}
