package org.countyhub.server.publichealth;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import org.countyhub.county.CountyDirectory;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Drafts past their deadline: the card's Task says so (businessStatus 逾期未报, priority urgent) and is escalated to
 * the community's public-health department, which becomes a recipient of the Task (its worklist is the Tasks naming
 * the community), once per card. Run every {@code hub.public-health.overdue-check} by the export route.
 */
@Component
class OverdueCards {

	private static final Logger log = LoggerFactory.getLogger(OverdueCards.class);

	private final WorkflowStore store;
	private final CountyDirectory county;
	private final Clock clock;

	OverdueCards(WorkflowStore store, CountyDirectory county, Clock clock) {
		this.store = store;
		this.county = county;
		this.clock = clock;
	}

	/** Flags and escalates every draft newly past its deadline; returns how many. */
	int flag() {
		Instant now = clock.instant();
		SearchParameterMap open = new SearchParameterMap();
		open.add(Task.SP_CODE, new TokenParam(HubSystems.WORKFLOW, ReportDeadlines.WORKFLOW));
		open.add(Task.SP_STATUS, new TokenParam("requested"));
		int flagged = 0;
		for (Task task : store.search(Task.class, open)) {
			if (!ReportDeadlines.isOverdue(task, now) || ReportDeadlines.OVERDUE.equals(task.getBusinessStatus().getText())) {
				continue;
			}
			task.setId(task.getIdElement().toVersionless());
			task.setBusinessStatus(new CodeableConcept().setText(ReportDeadlines.OVERDUE));
			task.setPriority(Task.TaskPriority.URGENT);
			task.getRestriction().addRecipient(new Reference(county.community().reference())
					.setDisplay(county.community().name() + "公共卫生部门"));
			task.setLastModified(Date.from(now));
			store.update(task, null);
			flagged++;
			log.warn("Report card task {} of {} is overdue (due {}); escalated to the community {}",
					task.getIdElement().getIdPart(), task.getOwner().getReference(),
					task.getRestriction().getPeriod().getEnd().toInstant(), county.community().code());
		}
		return flagged;
	}
}
