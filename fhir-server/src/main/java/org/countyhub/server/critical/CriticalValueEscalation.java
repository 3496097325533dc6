package org.countyhub.server.critical;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.countyhub.county.MemberUnit;
import org.countyhub.server.workflow.ActingUnit;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Escalation of loops not acknowledged in time, one step at a time, each recorded on the Task (businessStatus, a
 * note with the time and who was told, the new recipients in restriction.recipient): past the acknowledgement
 * deadline, the ordering unit's duty contact (值班联系人, from the table); {@code escalateEvery} later, the performing
 * lab's unit and the lead hospital's 医务科. A "could not reach the patient" acknowledgement takes the next step at
 * once. Run every {@code hub.critical-values.escalation-check} by {@link CriticalValueEscalationRoute}.
 */
@Component
class CriticalValueEscalation {

	private static final Logger log = LoggerFactory.getLogger(CriticalValueEscalation.class);

	private final WorkflowStore store;
	private final CriticalValueTables tables;
	private final ActingUnit units;
	private final Clock clock;

	CriticalValueEscalation(WorkflowStore store, CriticalValueTables tables, ActingUnit units, Clock clock) {
		this.store = store;
		this.tables = tables;
		this.units = units;
		this.clock = clock;
	}

	/** Takes the next step of every open loop that is due for one; returns how many steps were taken. */
	int escalateDue() {
		Instant now = clock.instant();
		SearchParameterMap open = CriticalValueCodes.tasks();
		open.add(Task.SP_STATUS, new TokenParam("requested"));
		int steps = 0;
		for (Task task : store.search(Task.class, open)) {
			Optional<Instant> due = nextStepDue(task);
			if (due.isPresent() && !due.get().isAfter(now)) {
				try {
					step(task, "超时未确认");
					steps++;
				} catch (ResourceVersionConflictException | ResourceGoneException changedMeanwhile) {
					// acknowledged or escalated by another request since the search: the next check sees it
					log.info("Critical value task {} changed while escalating; left to the next check",
							task.getIdElement().getIdPart());
				}
			}
		}
		return steps;
	}

	/** When the open Task's next step is due; empty after the last step. */
	Optional<Instant> nextStepDue(Task task) {
		int step = CriticalValueCodes.step(task);
		if (step >= CriticalValueCodes.STEPS.size() - 1 || !task.getRestriction().getPeriod().hasEnd()) {
			return Optional.empty();
		}
		Instant deadline = task.getRestriction().getPeriod().getEnd().toInstant();
		if (step == 0) {
			return Optional.of(deadline);
		}
		Instant last = CriticalValueCodes.lastEscalation(task).map(Date::toInstant).orElse(deadline);
		return Optional.of(last.plus(tables.table().limits().escalateEvery()));
	}

	/** Takes the Task's next step now (no-op after the last one); the Task is updated in the store. */
	void step(Task task, String why) {
		int next = CriticalValueCodes.step(task) + 1;
		if (next >= CriticalValueCodes.STEPS.size()) {
			return;
		}
		CriticalValueTable table = tables.table();
		Date now = Date.from(clock.instant());
		String owner = task.getOwner().getReference();
		String told;
		if (next == 1) {
			Optional<MemberUnit> unit = units.ofOrganization(owner);
			CriticalValueTable.DutyContact contact = unit.map(u -> table.dutyContacts().get(u.code())).orElse(null);
			told = contact == null ? task.getOwner().getDisplay() + "（未配置值班联系人）"
					: contact.name() + " " + contact.phone();
			addRecipient(task, owner, contact == null ? task.getOwner().getDisplay() : contact.name());
		} else {
			MemberUnit lead = units.byCode(table.medicalAffairsUnit());
			// the lead hospital's 医务科 first: when the lab is the lead hospital's own, it is one recipient
			addRecipient(task, lead.reference(), lead.name() + "医务科");
			CriticalValueTable.DutyContact affairs = table.dutyContacts().get(lead.code());
			StringBuilder who = new StringBuilder(lead.name() + "医务科" + (affairs == null ? "" : " " + affairs.phone()));
			if (task.hasRequester() && task.getRequester().hasReference()) {
				addRecipient(task, task.getRequester().getReference(), task.getRequester().getDisplay());
				who.append("、").append(task.getRequester().getDisplay()).append("（检验/检查单位）");
			}
			told = who.toString();
		}
		// the version read: a Task acknowledged or escalated meanwhile is not overwritten (409, see escalateDue)
		task.setBusinessStatus(new CodeableConcept().setText(CriticalValueCodes.STEPS.get(next)));
		task.addNote(new Annotation().setTime(now).setText(CriticalValueCodes.ESCALATION_NOTE + "（第" + next + "级，"
				+ why + "）：已通知 " + told));
		task.setLastModified(now);
		store.update(task, null);
		log.warn("Critical value task {} of {} escalated to step {} ({})", task.getIdElement().getIdPart(), owner, next,
				why);
	}

	private static void addRecipient(Task task, String reference, String display) {
		boolean present = task.getRestriction().getRecipient().stream()
				.anyMatch(r -> reference.equals(r.getReference()));
		if (!present) {
			task.getRestriction().addRecipient(new Reference(reference).setDisplay(display));
		}
	}
}
