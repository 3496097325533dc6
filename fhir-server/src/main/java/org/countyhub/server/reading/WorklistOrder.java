package org.countyhub.server.reading;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.storage.IResourcePersistentId;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.r4.model.Task;

/**
 * A centre's worklist put in order by the database, so that a page reads only its own Tasks: the ids of every
 * matching Task sorted by {@code authored-on} and then by the order the hub stored them in ({@code _pid}: requests
 * of the same second keep a fixed order, so a page boundary never shows one twice), and for the clinical order the
 * ids of the stat, asap and urgent Tasks to move them ahead (a Task without a priority is routine). Reading every
 * open Task of the centre for each page cost the worklist 311 ms p95 at 500 Tasks and 518 ms at 1,500 on the
 * county database (docs/console.md).
 */
final class WorklistOrder {

	/** The priorities that go ahead of routine, most urgent first. */
	private static final List<Task.TaskPriority> AHEAD = List.of(Task.TaskPriority.STAT, Task.TaskPriority.ASAP,
			Task.TaskPriority.URGENT);

	/** How many Tasks match, and the page's, in order. */
	record Page(int total, List<Task> tasks) {}

	private WorklistOrder() {}

	/**
	 * @param criteria a new map of the worklist's criteria at each call (each query adds its own to it)
	 */
	static Page of(WorkflowStore store, Supplier<SearchParameterMap> criteria, WorklistSlice slice) {
		boolean newest = slice.order().equals("newest");
		SortOrderEnum direction = newest ? SortOrderEnum.DESC : SortOrderEnum.ASC;
		SearchParameterMap all = criteria.get();
		all.setSort(new SortSpec(Task.SP_AUTHORED_ON, direction).setChain(new SortSpec("_pid", direction)));
		List<IResourcePersistentId<?>> keys = store.searchKeys(Task.class, all);
		if (slice.order().equals("priority")) {
			Map<Object, Integer> rank = new HashMap<>();
			for (int i = 0; i < AHEAD.size(); i++) {
				SearchParameterMap ofPriority = criteria.get();
				ofPriority.add(Task.SP_PRIORITY, new TokenParam(AHEAD.get(i).toCode()));
				for (IResourcePersistentId<?> key : store.searchKeys(Task.class, ofPriority)) {
					rank.putIfAbsent(key.getId(), i);
				}
			}
			// a stable sort: within a priority the order of authored-on and storing stays
			keys = keys.stream().sorted(Comparator.comparingInt(key -> rank.getOrDefault(key.getId(), AHEAD.size())))
					.toList();
		}
		return new Page(keys.size(), store.readAll(Task.class, slice.of(keys)));
	}
}
