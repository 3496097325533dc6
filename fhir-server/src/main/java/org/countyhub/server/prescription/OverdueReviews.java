package org.countyhub.server.prescription;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import org.apache.camel.builder.RouteBuilder;
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
 * Reviews past the policy's time limit (审方超时): every {@code hub.prescriptions.overdue-check} (route
 * {@code prescription-overdue}, also callable at {@value #OVERDUE}), a review still waiting for the pharmacist after
 * its {@code restriction.period.end} becomes urgent, says so (businessStatus 审方超时) and names the community (its
 * medical affairs) as a recipient, once.
 */
@Component
class OverdueReviews extends RouteBuilder {

	static final String OVERDUE = "direct:prescription-overdue";
	private static final Logger log = LoggerFactory.getLogger(OverdueReviews.class);

	private final WorkflowStore store;
	private final CountyDirectory county;
	private final PrescriptionProperties properties;
	private final Clock clock;

	OverdueReviews(WorkflowStore store, CountyDirectory county, PrescriptionProperties properties, Clock clock) {
		this.store = store;
		this.county = county;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public void configure() {
		errorHandler(defaultErrorHandler().maximumRedeliveries(0).logExhaustedMessageBody(false));
		from("timer:prescription-overdue?period=" + properties.overdueCheck().toMillis())
				.routeId("prescription-overdue-check")
				.to(OVERDUE);
		from(OVERDUE).routeId("prescription-overdue")
				.process(exchange -> exchange.getIn().setBody(escalate()));
	}

	/** Escalates every review newly past its time limit; returns how many. */
	int escalate() {
		Instant now = clock.instant();
		SearchParameterMap waiting = new SearchParameterMap();
		waiting.add(Task.SP_CODE, new TokenParam(HubSystems.WORKFLOW, PrescriptionReviews.WORKFLOW));
		waiting.add(Task.SP_STATUS, new TokenParam("requested"));
		int escalated = 0;
		for (Task task : store.search(Task.class, waiting)) {
			if (!task.getRestriction().getPeriod().hasEnd()
					|| task.getRestriction().getPeriod().getEnd().toInstant().isAfter(now)
					|| PrescriptionReviews.OVERDUE.equals(task.getBusinessStatus().getText())) {
				continue;
			}
			task.setId(task.getIdElement().toVersionless());
			task.setBusinessStatus(new CodeableConcept().setText(PrescriptionReviews.OVERDUE));
			task.setPriority(Task.TaskPriority.URGENT);
			task.getRestriction().addRecipient(new Reference(county.community().reference())
					.setDisplay(county.community().name() + "医务部门"));
			task.setLastModified(Date.from(now));
			store.update(task, null);
			escalated++;
			log.warn("Prescription review task {} of {} is past its time limit ({}); escalated to the community {}",
					task.getIdElement().getIdPart(), task.getRequester().getReference(),
					task.getRestriction().getPeriod().getEnd().toInstant(), county.community().code());
		}
		return escalated;
	}
}
