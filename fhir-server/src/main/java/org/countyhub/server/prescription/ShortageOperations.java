package org.countyhub.server.prescription;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import org.countyhub.county.MemberUnit;
import org.countyhub.profiles.HubMsg;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.rest.FhirOperationProvider;
import org.countyhub.server.workflow.ActingUnit;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.SupplyDelivery;
import org.hl7.fhir.r4.model.SupplyRequest;
import org.springframework.stereotype.Component;

/**
 * The central pharmacy (role pharmacist, acting for the review policy's centre) works its 缺药 worklist:
 * <ul>
 *   <li>{@code POST /fhir/SupplyRequest/{id}/$supply-shortage} with {@code mode} {@code unit} (to the registering
 *       unit) or {@code patient} (delivered to the patient): a SupplyDelivery in progress (配送中);
 *   <li>{@code $deliver-shortage}: the delivery completed now, the registration completed (已送达).
 * </ul>
 * Status through delivery: the registration active without a delivery (已登记), with one in progress (配送中),
 * completed (已送达).
 */
@Component
class ShortageOperations implements FhirOperationProvider {

	/** Identifier system of a delivery: the id of the 缺药登记 it supplies. */
	static final String DELIVERY_OF = HubSystems.CANONICAL_BASE + "/sid/shortage-delivery";

	private final WorkflowStore store;
	private final ActingUnit units;
	private final ReviewPolicy policy;
	private final Clock clock;

	ShortageOperations(WorkflowStore store, ActingUnit units, ReviewPolicy policy, Clock clock) {
		this.store = store;
		this.units = units;
		this.policy = policy;
		this.clock = clock;
	}

	@Operation(name = "$supply-shortage", typeName = "SupplyRequest")
	public SupplyDelivery supply(@IdParam IdType id, @OperationParam(name = "mode", min = 1, max = 1) CodeType mode,
			RequestDetails request) {
		String how = mode == null || mode.getValue() == null ? "" : mode.getValue().trim();
		if (!how.equals("unit") && !how.equals("patient")) {
			throw new InvalidRequestException(HubMsg.code(5891) + "mode must be 'unit' (supply the unit) or 'patient'"
					+ " (deliver to the patient), not '" + how + "'");
		}
		SupplyRequest registration = handle(id, request, "supplying a drug shortage");
		if (delivery(registration).isPresent()) {
			throw new ResourceVersionConflictException(HubMsg.code(5892) + "缺药登记 " + id.getIdPart()
					+ " is already being supplied");
		}
		if (how.equals("patient") && !(registration.getDeliverTo().getReference() != null
				&& registration.getDeliverTo().getReference().startsWith("Patient/"))) {
			throw new UnprocessableEntityException(HubMsg.code(5893) + "缺药登记 " + id.getIdPart()
					+ " names no patient (deliverTo) to deliver to");
		}
		SupplyDelivery delivery = new SupplyDelivery();
		delivery.addBasedOn(new Reference("SupplyRequest/" + id.getIdPart()));
		// R4 has no search by basedOn for SupplyDelivery: the registration is also its identifier
		delivery.addIdentifier().setSystem(DELIVERY_OF).setValue(id.getIdPart());
		delivery.setStatus(SupplyDelivery.SupplyDeliveryStatus.INPROGRESS);
		delivery.setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/supply-item-type",
				"medication", null)).setText(how.equals("patient") ? "配送到患者" : "调拨到单位"));
		delivery.getSuppliedItem().setItem(registration.getItemCodeableConcept().copy())
				.setQuantity(registration.getQuantity().copy());
		delivery.setSupplier(new Reference(policy.centre().reference()));
		if (how.equals("patient")) {
			delivery.setPatient(registration.getDeliverTo().copy());
		}
		delivery.setOccurrence(new DateTimeType(Date.from(clock.instant())));
		delivery.setId(store.create(delivery).getIdPart());
		return delivery;
	}

	@Operation(name = "$deliver-shortage", typeName = "SupplyRequest")
	public SupplyRequest deliver(@IdParam IdType id, RequestDetails request) {
		SupplyRequest registration = handle(id, request, "delivering a drug shortage");
		SupplyDelivery delivery = delivery(registration).orElseThrow(() -> new ResourceVersionConflictException(
				HubMsg.code(5894) + "缺药登记 " + id.getIdPart() + " is not being supplied ($supply-shortage first)"));
		delivery.setId(delivery.getIdElement().toVersionless());
		delivery.setStatus(SupplyDelivery.SupplyDeliveryStatus.COMPLETED);
		delivery.setOccurrence(new DateTimeType(Date.from(clock.instant())));
		store.update(delivery, null);
		registration.setStatus(SupplyRequest.SupplyRequestStatus.COMPLETED);
		store.update(registration, null);
		return registration;
	}

	/** The registration, checked: a 缺药登记 still open, and the caller acts for its supplier (the centre). */
	private SupplyRequest handle(IdType id, RequestDetails request, String forWhat) {
		MemberUnit acting = units.require(request, forWhat);
		SupplyRequest registration = store.read(SupplyRequest.class, id.getIdPart());
		if (!Shortages.isShortage(registration)) {
			throw new UnprocessableEntityException(HubMsg.code(5895) + "SupplyRequest/" + id.getIdPart()
					+ " is not a 缺药登记 (category nonstock)");
		}
		if (registration.getSupplier().stream().noneMatch(s -> acting.reference().equals(s.getReference()))) {
			throw new ForbiddenOperationException(HubMsg.code(5896) + "缺药登记 " + id.getIdPart() + " is supplied by "
					+ registration.getSupplierFirstRep().getReference() + "; " + ActingUnit.HEADER + " is "
					+ acting.code());
		}
		if (registration.getStatus() != SupplyRequest.SupplyRequestStatus.ACTIVE) {
			throw new ResourceVersionConflictException(HubMsg.code(5897) + "缺药登记 " + id.getIdPart() + " is "
					+ registration.getStatus().toCode());
		}
		registration.setId(registration.getIdElement().toVersionless());
		return registration;
	}

	private java.util.Optional<SupplyDelivery> delivery(SupplyRequest registration) {
		SearchParameterMap map = new SearchParameterMap();
		map.add(SupplyDelivery.SP_IDENTIFIER, new TokenParam(DELIVERY_OF, registration.getIdElement().getIdPart()));
		List<SupplyDelivery> found = store.search(SupplyDelivery.class, map);
		return found.stream().filter(d -> d.getStatus() != SupplyDelivery.SupplyDeliveryStatus.ABANDONED).findFirst();
	}
}
