package org.countyhub.server.critical;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.List;
import java.util.Optional;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Task;

/**
 * The loop's vocabulary: the workflow code, the Task's business states (each escalation step is one), the
 * acknowledgement's output types, and the searches that find a result's loop.
 */
final class CriticalValueCodes {

	static final String WORKFLOW = "critical-value";
	static final String DISPLAY = "危急值";

	/** businessStatus.text of an open Task by escalation step (0 = notified, not escalated). */
	static final List<String> STEPS = List.of("已通报待确认", "已升级：值班联系人", "已升级：检验单位及牵头医院医务科");
	static final String ACKNOWLEDGED = "已确认";
	static final String CORRECTED = "更正后非危急值";
	static final String ESCALATION_NOTE = "升级";

	static final String OUTPUT_RECEIVER = "receiver";
	static final String OUTPUT_READ_BACK = "read-back";
	static final String OUTPUT_CONTACTED_AT = "contacted-at";

	private CriticalValueCodes() {}

	static String resultKey(String resultReference) {
		return resultReference;
	}

	static SearchParameterMap loopOf(String resultReference) {
		SearchParameterMap map = new SearchParameterMap();
		map.add(Communication.SP_IDENTIFIER, new TokenParam(HubSystems.CRITICAL_VALUE_ID, resultKey(resultReference)));
		return map;
	}

	static SearchParameterMap taskOf(String communicationReference) {
		SearchParameterMap map = new SearchParameterMap();
		map.add(Task.SP_FOCUS, new ReferenceParam(communicationReference));
		map.add(Task.SP_CODE, new TokenParam(HubSystems.WORKFLOW, WORKFLOW));
		return map;
	}

	static SearchParameterMap tasks() {
		SearchParameterMap map = new SearchParameterMap();
		map.add(Task.SP_CODE, new TokenParam(HubSystems.WORKFLOW, WORKFLOW));
		return map;
	}

	static boolean isLoop(Task task) {
		return task.getCode().getCoding().stream()
				.anyMatch(c -> HubSystems.WORKFLOW.equals(c.getSystem()) && WORKFLOW.equals(c.getCode()));
	}

	/** The escalation step an open Task has reached. */
	static int step(Task task) {
		int step = STEPS.indexOf(task.getBusinessStatus().getText());
		return Math.max(step, 0);
	}

	/** When the last escalation step was taken, if any. */
	static Optional<java.util.Date> lastEscalation(Task task) {
		return task.getNote().stream().filter(n -> n.hasTime() && n.getText() != null
				&& n.getText().startsWith(ESCALATION_NOTE)).map(Annotation::getTime).max(java.util.Date::compareTo);
	}
}
