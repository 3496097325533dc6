package org.countyhub.server.critical;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Date;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.countyhub.county.MemberUnit;
import org.countyhub.profiles.HubMsg;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.rest.FhirOperationProvider;
import org.countyhub.server.workflow.ActingUnit;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/**
 * {@code POST /fhir/Task/{id}/$acknowledge-critical-value}: a clinician of the ordering unit (or of a unit the loop
 * has escalated to) records that the critical value was received: {@code receiver} (who took it), {@code readBack}
 * (the value as they heard it; it must repeat the notified value, else 422 {@code HUB-5783} and nothing is
 * recorded), {@code action} (recalled, referred, treated, phone-contacted with {@code outcome} and
 * {@code contactedAt}, or could-not-reach). The Task is completed at this time with the acknowledgement as its
 * output; could-not-reach records the attempt, keeps the loop open and takes the next escalation step at once.
 */
@Component
class CriticalValueOperations implements FhirOperationProvider {

	static final Map<String, String> ACTIONS = Map.of("recalled", "召回患者", "referred", "转上级医院", "treated", "已处置",
			"phone-contacted", "电话联系患者", "could-not-reach", "未能联系患者");
	private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+(?:\\.\\d+)?");

	private final WorkflowStore store;
	private final ActingUnit units;
	private final CriticalValueEscalation escalation;
	private final Clock clock;

	CriticalValueOperations(WorkflowStore store, ActingUnit units, CriticalValueEscalation escalation, Clock clock) {
		this.store = store;
		this.units = units;
		this.escalation = escalation;
		this.clock = clock;
	}

	@Operation(name = "$acknowledge-critical-value", typeName = "Task")
	public Task acknowledge(@IdParam IdType id,
			@OperationParam(name = "receiver", min = 1, max = 1) StringType receiver,
			@OperationParam(name = "readBack", min = 0, max = 1) StringType readBack,
			@OperationParam(name = "action", min = 1, max = 1) CodeType action,
			@OperationParam(name = "outcome", min = 0, max = 1) StringType outcome,
			@OperationParam(name = "contactedAt", min = 0, max = 1) DateTimeType contactedAt,
			RequestDetails request) {
		MemberUnit acting = units.require(request, "acknowledging a critical value");
		Task task = store.read(Task.class, id.getIdPart());
		if (!CriticalValueCodes.isLoop(task)) {
			throw new UnprocessableEntityException(HubMsg.code(5780) + "Task/" + id.getIdPart()
					+ " is not a critical value task");
		}
		boolean forActing = acting.reference().equals(task.getOwner().getReference())
				|| task.getRestriction().getRecipient().stream().anyMatch(r -> acting.reference().equals(r.getReference()));
		if (!forActing) {
			throw new ForbiddenOperationException(HubMsg.code(5781) + "critical value task " + id.getIdPart()
					+ " belongs to " + task.getOwner().getReference() + "; " + ActingUnit.HEADER + " is " + acting.code());
		}
		if (task.getStatus() != Task.TaskStatus.REQUESTED) {
			throw new ResourceVersionConflictException(HubMsg.code(5782) + "critical value task " + id.getIdPart()
					+ " is " + task.getStatus().toCode() + "; only an open one (requested) is acknowledged");
		}
		String who = text(receiver);
		String code = action == null ? null : action.getValue();
		if (who == null) {
			throw new InvalidRequestException(HubMsg.code(5784) + "'receiver' (who received the critical value) is"
					+ " required");
		}
		if (code == null || !ACTIONS.containsKey(code)) {
			throw new InvalidRequestException(HubMsg.code(5785) + "'action' must be one of " + ACTIONS.keySet()
					+ ", not '" + code + "'");
		}
		Date now = Date.from(clock.instant());
		task.setId(task.getIdElement().toVersionless());
		task.addOutput().setType(new CodeableConcept().setText(CriticalValueCodes.OUTPUT_RECEIVER))
				.setValue(new StringType(who));
		Coding actionCoding = new Coding(HubSystems.CRITICAL_VALUE_ACTION, code, ACTIONS.get(code));
		String said = text(outcome);
		if ("could-not-reach".equals(code)) {
			task.addOutput().setType(new CodeableConcept(actionCoding))
					.setValue(new StringType(said == null ? ACTIONS.get(code) : said));
			task.addNote(new Annotation().setTime(now).setText(who + "：未能联系患者" + (said == null ? "" : "（" + said + "）")));
			task.setLastModified(now);
			store.update(task, null);
			Task current = store.read(Task.class, id.getIdPart());
			escalation.step(current, "未能联系患者");
			return store.read(Task.class, id.getIdPart());
		}
		String heard = text(readBack);
		if (heard == null) {
			throw new InvalidRequestException(HubMsg.code(5784) + "'readBack' (the value as the receiver heard it) is"
					+ " required");
		}
		if ("phone-contacted".equals(code) && said == null) {
			throw new InvalidRequestException(HubMsg.code(5786) + "a phone contact needs its 'outcome'");
		}
		String notified = notifiedValue(task);
		if (!matches(heard, notified)) {
			throw new UnprocessableEntityException(HubMsg.code(5783) + "the read-back '" + heard + "' does not repeat"
					+ " the notified value '" + notified + "'; read it back again");
		}
		task.addOutput().setType(new CodeableConcept().setText(CriticalValueCodes.OUTPUT_READ_BACK))
				.setValue(new StringType(heard));
		task.addOutput().setType(new CodeableConcept(actionCoding))
				.setValue(new StringType(said == null ? ACTIONS.get(code) : said));
		if (contactedAt != null && contactedAt.hasValue()) {
			task.addOutput().setType(new CodeableConcept().setText(CriticalValueCodes.OUTPUT_CONTACTED_AT))
					.setValue(contactedAt.copy());
		}
		task.setStatus(Task.TaskStatus.COMPLETED);
		task.setBusinessStatus(new CodeableConcept().setText(CriticalValueCodes.ACKNOWLEDGED));
		task.getExecutionPeriod().setEnd(now);
		task.setLastModified(now);
		store.update(task, null);
		return task;
	}

	/** The value as the loop's Communication carried it (its second payload; the whole text when there is one). */
	private String notifiedValue(Task task) {
		Communication communication = store.read(Communication.class, task.getFocus().getReference());
		int which = communication.getPayload().size() > 1 ? 1 : 0;
		return communication.getPayload().get(which).getContentStringType().getValue();
	}

	/**
	 * A numeric value is repeated when the read-back holds the same number (6.9 = 6.90); a coded finding when the
	 * read-back holds its text.
	 */
	static boolean matches(String heard, String notified) {
		Matcher expected = NUMBER.matcher(notified);
		if (!expected.find()) {
			return heard.replaceAll("\\s", "").contains(notified.replaceAll("\\s", ""));
		}
		BigDecimal value = new BigDecimal(expected.group());
		Matcher said = NUMBER.matcher(heard);
		while (said.find()) {
			if (new BigDecimal(said.group()).compareTo(value) == 0) {
				return true;
			}
		}
		return false;
	}

	private static String text(StringType value) {
		return value == null || !value.hasValue() || value.getValue().isBlank() ? null : value.getValue().trim();
	}
}
