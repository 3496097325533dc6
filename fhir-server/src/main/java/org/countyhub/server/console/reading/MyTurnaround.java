package org.countyhub.server.console.reading;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.gclient.DateClientParam;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.console.ConsoleProperties;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.countyhub.server.workflow.WorkflowCodes;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/**
 * 我的今日工作量: the reports the signed-in reader completed today (the county's day) and the median minutes from
 * the township's request to the report — the number a reading centre is judged by. Read through the hub's API:
 * the reader's completed reading Tasks changed since midnight.
 */
@OnEmbeddedSignIn
@Component
class MyTurnaround {

	/** Today's reports by this reader and their median turnaround in minutes (0 when none). */
	record Today(int reports, long medianMinutes) {}

	private static final int MOST = 500;

	private final ConsoleProperties properties;
	private final Clock clock;

	MyTurnaround(ConsoleProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
	}

	Today of(IGenericClient fhir, String readerRole) {
		Date midnight = Date.from(LocalDate.ofInstant(clock.instant(), properties.zone()).atStartOfDay(properties.zone())
				.toInstant());
		Bundle done = fhir.search().forResource(Task.class)
				.where(Task.CODE.exactly().systemAndCode(HubSystems.WORKFLOW, WorkflowCodes.REMOTE_READING))
				.and(Task.STATUS.exactly().code("completed"))
				.and(Task.OWNER.hasId(readerRole))
				.and(new DateClientParam("modified").afterOrEquals().millis(midnight))
				.count(MOST)
				.returnBundle(Bundle.class).execute();
		List<Long> minutes = new ArrayList<>();
		for (Bundle.BundleEntryComponent entry : done.getEntry()) {
			if (entry.getResource() instanceof Task task && task.hasAuthoredOn() && task.getExecutionPeriod().hasEnd()
					&& !task.getExecutionPeriod().getEnd().before(midnight)) {
				minutes.add((task.getExecutionPeriod().getEnd().getTime() - task.getAuthoredOn().getTime()) / 60_000);
			}
		}
		minutes.sort(Long::compare);
		return new Today(minutes.size(), minutes.isEmpty() ? 0 : minutes.get((minutes.size() - 1) / 2));
	}
}
