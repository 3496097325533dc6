package org.countyhub.server.referral;

import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Date;
import org.countyhub.county.MemberUnit;
import org.countyhub.profiles.HubMsg;
import org.countyhub.server.rest.FhirOperationProvider;
import org.countyhub.server.workflow.ActingUnit;
import org.countyhub.server.workflow.WorkflowCodes;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;
import org.springframework.stereotype.Component;

/**
 * Reserved capacity for referrals: {@code POST /fhir/Schedule/{id}/$publish-slots} publishes a department's
 * slots for a period and reserves {@code hub.referral.reserved-share} of them for referrals, spread evenly over
 * the period. A reserved slot carries serviceCategory {@code workflow#referral}; {@link SlotBookingRule} lets
 * only a referral book it.
 */
@Component
class ReservedSlots implements FhirOperationProvider {

	/** The coding says what CodeSystem/workflow says (its display), the text what the slot is for. */
	static final CodeableConcept RESERVED =
			WorkflowCodes.concept(WorkflowCodes.REFERRAL, "双向转诊").setText("双向转诊预留号源");

	private final WorkflowStore store;
	private final IFhirSystemDao<Bundle, Meta> systemDao;
	private final ActingUnit units;
	private final ReferralProperties properties;

	ReservedSlots(WorkflowStore store, IFhirSystemDao<Bundle, Meta> systemDao, ActingUnit units,
			ReferralProperties properties) {
		this.store = store;
		this.systemDao = systemDao;
		this.units = units;
		this.properties = properties;
	}

	static boolean isReserved(Slot slot) {
		return slot.getServiceCategory().stream()
				.anyMatch(c -> WorkflowCodes.has(c, org.countyhub.profiles.HubSystems.WORKFLOW, WorkflowCodes.REFERRAL));
	}

	/** Whether the i-th of a run of slots is reserved: the reserved ones are spread evenly at the given share. */
	static boolean reservedAt(int index, double share) {
		return Math.floor((index + 1) * share) > Math.floor(index * share);
	}

	@Operation(name = "$publish-slots", typeName = "Schedule")
	public Bundle publish(
			@IdParam IdType scheduleId,
			@OperationParam(name = "start", min = 1, max = 1) DateTimeType start,
			@OperationParam(name = "end", min = 1, max = 1) DateTimeType end,
			@OperationParam(name = "minutes", min = 1, max = 1) IntegerType minutes,
			RequestDetails request) {
		MemberUnit acting = units.require(request, "publishing slots");
		Schedule schedule = store.read(Schedule.class, scheduleId.getIdPart());
		// a department's schedule: its actor is the department (HealthcareService) provided by the unit
		boolean ownSchedule = schedule.getActor().stream()
				.map(actor -> store.resolve(HealthcareService.class, actor))
				.flatMap(java.util.Optional::stream)
				.anyMatch(department -> acting.reference().equals(department.getProvidedBy().getReference()));
		if (!ownSchedule) {
			throw new ForbiddenOperationException(HubMsg.code(5301) + "Schedule/" + scheduleId.getIdPart()
					+ " is not the schedule of one of " + acting.code()
					+ "'s departments (Schedule.actor = a HealthcareService providedBy the unit)");
		}
		if (minutes.getValue() == null || minutes.getValue() < 1 || !start.hasValue() || !end.hasValue()
				|| !start.getValue().before(end.getValue())) {
			throw new InvalidRequestException(HubMsg.code(5302)
					+ "$publish-slots needs start before end and minutes of at least 1");
		}
		long step = minutes.getValue() * 60_000L;
		long count = (end.getValue().getTime() - start.getValue().getTime()) / step;
		if (count > 1000) {
			throw new InvalidRequestException(HubMsg.code(5303) + "$publish-slots publishes at most 1000 slots at a time");
		}
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (int i = 0; i < count; i++) {
			Slot slot = new Slot();
			slot.setSchedule(new Reference("Schedule/" + scheduleId.getIdPart()));
			slot.setStatus(Slot.SlotStatus.FREE);
			slot.setStart(new Date(start.getValue().getTime() + i * step));
			slot.setEnd(new Date(start.getValue().getTime() + (i + 1) * step));
			schedule.getServiceType().forEach(t -> slot.addServiceType(t.copy()));
			schedule.getSpecialty().forEach(t -> slot.addSpecialty(t.copy()));
			if (reservedAt(i, properties.reservedShare())) {
				slot.addServiceCategory(RESERVED.copy());
				slot.setComment("转诊预留");
			}
			transaction.addEntry().setResource(slot).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Slot");
		}
		return systemDao.transaction(new SystemRequestDetails(), transaction);
	}
}
