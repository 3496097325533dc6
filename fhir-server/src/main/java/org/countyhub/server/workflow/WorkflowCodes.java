package org.countyhub.server.workflow;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.List;
import java.util.Optional;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/** The hub's workflow codes ({@code CodeSystem/workflow}) and how requests and tasks are recognised by them. */
public final class WorkflowCodes {

	public static final String REMOTE_READING = "remote-reading";
	public static final String REFERRAL = "referral";

	private WorkflowCodes() {}

	public static CodeableConcept concept(String code, String display) {
		return new CodeableConcept(new Coding(HubSystems.WORKFLOW, code, display));
	}

	public static boolean isA(ServiceRequest request, String workflow) {
		return request.getCategory().stream().anyMatch(c -> has(c, HubSystems.WORKFLOW, workflow));
	}

	public static boolean isA(Task task, String workflow) {
		return has(task.getCode(), HubSystems.WORKFLOW, workflow);
	}

	public static boolean has(CodeableConcept concept, String system, String code) {
		return concept != null && concept.getCoding().stream()
				.anyMatch(c -> system.equals(c.getSystem()) && code.equals(c.getCode()));
	}

	public static Optional<String> codeIn(List<CodeableConcept> concepts, String system) {
		return concepts.stream()
				.flatMap(c -> c.getCoding().stream())
				.filter(c -> system.equals(c.getSystem()) && c.hasCode())
				.map(Coding::getCode)
				.findFirst();
	}

	/** Search for the workflow Task whose focus is this request. */
	public static SearchParameterMap taskFor(String requestReference, String workflow) {
		SearchParameterMap map = new SearchParameterMap();
		map.add(Task.SP_FOCUS, new ReferenceParam(requestReference));
		map.add(Task.SP_CODE, new TokenParam(HubSystems.WORKFLOW, workflow));
		return map;
	}
}
