package org.countyhub.server.prescription;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.util.ResourceUtil;
import java.time.Clock;
import java.util.Date;
import org.countyhub.profiles.HubMsg;
import org.countyhub.server.workflow.StorageRule;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.SupplyRequest;
import org.springframework.stereotype.Component;

/**
 * 缺药登记: a unit registers a drug it is out of as a {@code SupplyRequest} of kind {@code nonstock}
 * ({@link #KIND}): the drug (itemCodeableConcept, a formulary code), quantity, the patient waiting for it
 * (deliverTo a Patient, or the unit's Organization for stock) and the prescription (reasonReference). The hub makes
 * the county's central pharmacy (the review policy's centre) its supplier, so it is on the central pharmacy's
 * worklist ({@code SupplyRequest?supplier=Organization/<centre>&status=active&category=nonstock}); a drug the
 * formulary does not hold is refused (422 HUB-5890).
 */
@Component
@Interceptor
public class Shortages implements StorageRule {

	static final String KIND = "http://terminology.hl7.org/CodeSystem/supplyrequest-kind";

	private final Formulary formulary;
	private final ReviewPolicy policy;
	private final Clock clock;

	Shortages(Formulary formulary, ReviewPolicy policy, Clock clock) {
		this.formulary = formulary;
		this.policy = policy;
		this.clock = clock;
	}

	static boolean isShortage(SupplyRequest request) {
		return request.getCategory().getCoding().stream()
				.anyMatch(c -> KIND.equals(c.getSystem()) && "nonstock".equals(c.getCode()));
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = BEFORE_VALIDATION)
	public void registered(IBaseResource resource) {
		if (!(resource instanceof SupplyRequest request) || !isShortage(request)) {
			return;
		}
		if (policy.centre() == null) {
			throw new UnprocessableEntityException(HubMsg.code(5899) + "缺药登记 needs the county's central pharmacy,"
					+ " which its review policy (formulary/review-policy.yaml) names; this county has none");
		}
		if (formulary.drug(request.getItemCodeableConcept()).isEmpty()) {
			throw new UnprocessableEntityException(HubMsg.code(5890) + "缺药登记 names a drug the community formulary"
					+ " does not hold (itemCodeableConcept: a code of " + org.countyhub.profiles.HubSystems.FORMULARY_DRUG
					+ ")");
		}
		if (!request.hasSupplier()) {
			request.addSupplier(new Reference(policy.centre().reference()).setDisplay(policy.centre().name()
					+ "中心药房"));
		}
		if (!request.hasAuthoredOn()) {
			request.setAuthoredOn(Date.from(clock.instant()));
		}
		ResourceUtil.clearRawStringFromResource(request);
	}
}
