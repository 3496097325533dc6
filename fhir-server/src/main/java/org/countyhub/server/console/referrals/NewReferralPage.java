package org.countyhub.server.console.referrals;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.console.ConsoleUser;
import org.countyhub.server.console.ConsoleUsers;
import org.countyhub.server.console.HubFhir;
import org.countyhub.server.console.PathIds;
import org.countyhub.server.console.UnitLabels;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.countyhub.server.workflow.WorkflowCodes;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * 发起转诊 from the 360 view: the referral request the hub's referral rules take (profile {@code referral-request};
 * a down-referral with its follow-up CarePlan in the same transaction). The hub makes the Task; the page then
 * shows the referral with its packet.
 */
@OnEmbeddedSignIn
@Controller
class NewReferralPage {

	private final ConsoleUsers users;
	private final HubFhir hub;
	private final UnitLabels units;
	private final Clock clock;

	NewReferralPage(ConsoleUsers users, HubFhir hub, UnitLabels units, Clock clock) {
		this.users = users;
		this.hub = hub;
		this.units = units;
		this.clock = clock;
	}

	@GetMapping("/console/patients/{id}/referral")
	String form(@PathVariable("id") String id, HttpServletRequest request, HttpSession session, Model model) {
		ConsoleUser user = users.current(session).orElseThrow();
		page(hub.client(request, user), user, PathIds.checked(id), ReferralForm.empty(), Map.of(), model);
		return "console/new-referral";
	}

	@PostMapping("/console/patients/{id}/referral")
	String send(@PathVariable("id") String id, ReferralForm form, HttpServletRequest request, HttpSession session,
			Model model) {
		ConsoleUser user = users.current(session).orElseThrow();
		IGenericClient fhir = hub.client(request, user);
		Map<String, String> problems = form.problems(user.actingUnit(),
				units.all().stream().map(UnitLabels.Unit::code).collect(Collectors.toSet()));
		if (!problems.isEmpty()) {
			page(fhir, user, PathIds.checked(id), form, problems, model);
			return "console/new-referral";
		}
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		ServiceRequest referral = referral(PathIds.checked(id), user.actingUnit(), form);
		if ("down".equals(form.direction())) {
			String planUrl = "urn:uuid:" + UUID.randomUUID();
			CarePlan plan = new CarePlan();
			plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
			plan.setIntent(CarePlan.CarePlanIntent.PLAN);
			plan.setTitle("下转随访计划");
			plan.setSubject(new Reference("Patient/" + id));
			plan.setAuthor(new Reference("Organization/" + user.actingUnit()));
			plan.addActivity().getDetail().setStatus(CarePlan.CarePlanActivityStatus.NOTSTARTED)
					.setDescription(form.plan());
			transaction.addEntry().setFullUrl(planUrl).setResource(plan).getRequest()
					.setMethod(Bundle.HTTPVerb.POST).setUrl("CarePlan");
			referral.addSupportingInfo(new Reference(planUrl));
		}
		String referralUrl = "urn:uuid:" + UUID.randomUUID();
		transaction.addEntry().setFullUrl(referralUrl).setResource(referral).getRequest()
				.setMethod(Bundle.HTTPVerb.POST).setUrl("ServiceRequest");
		Bundle answer = fhir.transaction().withBundle(transaction).execute();
		String created = answer.getEntry().stream().map(e -> e.getResponse().getLocation())
				.filter(l -> l != null && l.startsWith("ServiceRequest/")).findFirst()
				.map(l -> l.split("/_history")[0]).orElseThrow();
		Bundle tasks = fhir.search().forResource(Task.class).where(Task.FOCUS.hasId(created))
				.returnBundle(Bundle.class).execute();
		return tasks.getEntry().isEmpty() ? "redirect:/console/referrals?box=out&direction=" + form.direction()
				: "redirect:/console/referrals/" + tasks.getEntryFirstRep().getResource().getIdElement().getIdPart();
	}

	private ServiceRequest referral(String patient, String from, ReferralForm form) {
		ServiceRequest request = new ServiceRequest();
		request.getMeta().addProfile(HubSystems.REFERRAL_REQUEST_PROFILE);
		request.addExtension().setUrl(HubSystems.REFERRAL_DIRECTION_EXTENSION).setValue(new Coding(
				HubSystems.REFERRAL_DIRECTION, form.direction(), ReferralTabs.DIRECTIONS.get(form.direction())));
		request.addIdentifier().setSystem(HubSystems.CANONICAL_BASE + "/unit/" + from + "/sid/referral")
				.setValue(UUID.randomUUID().toString());
		request.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
		request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
		request.setPriority(ServiceRequest.ServiceRequestPriority.fromCode(form.priority()));
		request.addCategory(WorkflowCodes.concept(WorkflowCodes.REFERRAL, "双向转诊"));
		request.setCode(new CodeableConcept().setText(ReferralTabs.DIRECTIONS.get(form.direction()) + "至"
				+ units.name(form.to())));
		request.setSubject(new Reference("Patient/" + patient));
		request.setAuthoredOn(Date.from(clock.instant()));
		request.setRequester(new Reference("Organization/" + from));
		request.addPerformer(new Reference("Organization/" + form.to()));
		request.addReasonCode(new CodeableConcept().setText(form.reason()));
		return request;
	}

	private void page(IGenericClient fhir, ConsoleUser user, String id, ReferralForm form,
			Map<String, String> problems, Model model) {
		Patient patient = fhir.read().resource(Patient.class).withId(id).execute();
		model.addAttribute("patientId", id);
		model.addAttribute("patientName", patient.hasName() ? patient.getNameFirstRep().getNameAsSingleString() : "");
		model.addAttribute("units", units.all().stream().filter(u -> !u.code().equals(user.actingUnit())).toList());
		model.addAttribute("form", form);
		model.addAttribute("problems", problems);
	}
}
