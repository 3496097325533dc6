package org.countyhub.server.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.util.Date;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/** Referral requests and transitions as the units' systems make them over FHIR REST. */
public final class Referrals {

	private final IGenericClient client;

	public Referrals(IGenericClient client) {
		this.client = client;
	}

	public static ServiceRequest referral(Patient patient, String direction, String from, String to, String why) {
		ServiceRequest request = new ServiceRequest();
		request.getMeta().addProfile(HubSystems.REFERRAL_REQUEST_PROFILE);
		request.addExtension().setUrl(HubSystems.REFERRAL_DIRECTION_EXTENSION)
				.setValue(new Coding(HubSystems.REFERRAL_DIRECTION, direction, "up".equals(direction) ? "上转" : "下转"));
		request.addIdentifier().setSystem(HubSystems.CANONICAL_BASE + "/unit/" + from + "/sid/referral")
				.setValue(Township.unique("ZZ"));
		request.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
		request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
		request.setPriority(ServiceRequest.ServiceRequestPriority.URGENT);
		request.addCategory(WorkflowCodes.concept("referral", "双向转诊"));
		request.setCode(new CodeableConcept().setText(why));
		request.setSubject(new Reference(patient.getIdElement().getValue()));
		request.setAuthoredOn(new Date());
		request.setRequester(new Reference("Organization/" + from));
		request.addPerformer(new Reference("Organization/" + to));
		request.addReasonCode(new CodeableConcept(new Coding("http://hl7.org/fhir/sid/icd-10", "I20.9", null))
				.setText("心绞痛，基层无法进一步诊治"));
		return request;
	}

	/** A follow-up plan (随访计划) a down referral carries, by the referring unit. */
	public static CarePlan followUpPlan(Patient patient, String author, String title) {
		CarePlan plan = new CarePlan();
		plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
		plan.setIntent(CarePlan.CarePlanIntent.PLAN);
		plan.setTitle(title);
		plan.setSubject(new Reference(patient.getIdElement().getValue()));
		plan.setAuthor(new Reference("Organization/" + author));
		return plan;
	}

	public String send(ServiceRequest request, String actingUnit) {
		return client.create().resource(request).withAdditionalHeader(ActingUnit.HEADER, actingUnit).execute()
				.getId().toUnqualifiedVersionless().getValue();
	}

	public Task task(String requestId) {
		Bundle tasks = client.search().forResource(Task.class)
				.where(Task.FOCUS.hasId(requestId))
				.and(Task.CODE.exactly().systemAndCode(HubSystems.WORKFLOW, "referral"))
				.returnBundle(Bundle.class).execute();
		assertThat(tasks.getEntry()).hasSize(1);
		return (Task) tasks.getEntryFirstRep().getResource();
	}

	/** A transition as a JSON Patch of Task.status (and statusReason), made by the acting unit. */
	public void move(Task task, String status, String reason, String actingUnit) {
		StringBuilder patch = new StringBuilder("[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"")
				.append(status).append("\"}");
		if (reason != null) {
			patch.append(",{\"op\":\"add\",\"path\":\"/statusReason\",\"value\":{\"text\":\"")
					.append(reason).append("\"}}");
		}
		patch.append(']');
		var call = client.patch().withBody(patch.toString()).withId(task.getIdElement().toUnqualifiedVersionless());
		if (actingUnit != null) {
			call.withAdditionalHeader(ActingUnit.HEADER, actingUnit);
		}
		call.execute();
	}
}
