package org.countyhub.server.referral;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.countyhub.county.MemberUnit;
import org.countyhub.profiles.HubMsg;
import org.countyhub.server.access.RecordVisibility;
import org.countyhub.server.rest.FhirOperationProvider;
import org.countyhub.server.workflow.ActingUnit;
import org.countyhub.server.workflow.WorkflowCodes;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/**
 * 转诊资料包: {@code GET /fhir/ServiceRequest/{id}/$referral-packet} gives the receiving clinician everything in one
 * Bundle: the referral and its Task with their Provenance, the appointment, the follow-up CarePlan, the
 * patient's summary (patient, active conditions, allergies, active medication) and the recent results
 * ({@code hub.referral.packet-days}): DiagnosticReports with their Observations and ImagingStudies, each report
 * as stored, i.e. with its recognition status (互认状态) when the recognition rules have evaluated it. Only the
 * two units of the referral may read it, and only what the 调阅 rules let the caller read anyway
 * ({@link RecordVisibility}, docs/access.md): a record it may not see is left out as if it did not exist.
 */
@Component
class ReferralPacket implements FhirOperationProvider {

	private final WorkflowStore store;
	private final ActingUnit units;
	private final ReferralProperties properties;
	private final RecordVisibility visibility;

	ReferralPacket(WorkflowStore store, ActingUnit units, ReferralProperties properties,
			RecordVisibility visibility) {
		this.store = store;
		this.units = units;
		this.properties = properties;
		this.visibility = visibility;
	}

	@Operation(name = "$referral-packet", typeName = "ServiceRequest", idempotent = true)
	public Bundle packet(@IdParam IdType id, RequestDetails request) {
		ServiceRequest referral = store.read(ServiceRequest.class, id.getIdPart());
		if (!WorkflowCodes.isA(referral, WorkflowCodes.REFERRAL)) {
			throw new UnprocessableEntityException(HubMsg.code(5220) + "ServiceRequest/" + id.getIdPart()
					+ " is not a referral");
		}
		MemberUnit acting = units.require(request, "the referral packet");
		if (!acting.reference().equals(referral.getRequester().getReference())
				&& !acting.reference().equals(referral.getPerformerFirstRep().getReference())) {
			throw new ForbiddenOperationException(HubMsg.code(5221) + "only the sending and the receiving unit may "
					+ "read the packet of ServiceRequest/" + id.getIdPart());
		}
		String referralRef = "ServiceRequest/" + id.getIdPart();
		String patientRef = referral.getSubject().getReference();
		Entries entries = new Entries(request);
		entries.add(referral);
		for (Task task : store.search(Task.class, WorkflowCodes.taskFor(referralRef, WorkflowCodes.REFERRAL))) {
			entries.add(task);
			store.search(Provenance.class, by(Provenance.SP_TARGET, "Task/" + task.getIdElement().getIdPart()))
					.forEach(entries::add);
		}
		store.search(Appointment.class, by(Appointment.SP_BASED_ON, referralRef)).forEach(entries::add);
		store.search(CarePlan.class, by(CarePlan.SP_BASED_ON, referralRef)).forEach(entries::add);
		for (Reference info : referral.getSupportingInfo()) {
			if (info.getReference() != null && info.getReference().startsWith("CarePlan/")) {
				store.resolve(CarePlan.class, info).ifPresent(entries::add);
			}
		}
		store.resolve(Patient.class, referral.getSubject()).ifPresent(entries::add);

		SearchParameterMap conditions = by(Condition.SP_PATIENT, patientRef);
		conditions.add(Condition.SP_CLINICAL_STATUS, new TokenParam("active"));
		store.search(Condition.class, conditions).forEach(entries::add);
		store.search(AllergyIntolerance.class, by(AllergyIntolerance.SP_PATIENT, patientRef)).forEach(entries::add);
		SearchParameterMap medication = by(MedicationRequest.SP_PATIENT, patientRef);
		medication.add(MedicationRequest.SP_STATUS, new TokenParam("active"));
		store.search(MedicationRequest.class, medication).forEach(entries::add);

		Date since = Date.from(Instant.now().minus(properties.packetDays(), ChronoUnit.DAYS));
		SearchParameterMap reports = by(DiagnosticReport.SP_PATIENT, patientRef);
		reports.add(DiagnosticReport.SP_DATE, new DateParam(ParamPrefixEnum.GREATERTHAN_OR_EQUALS, since));
		for (DiagnosticReport report : store.search(DiagnosticReport.class, reports)) {
			// the results and images of a hidden report are not reached through it
			if (!entries.add(report)) {
				continue;
			}
			report.getResult().forEach(r -> store.resolve(Observation.class, r).ifPresent(entries::add));
			report.getImagingStudy().forEach(s -> store.resolve(ImagingStudy.class, s).ifPresent(entries::add));
		}

		Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
		bundle.setTimestamp(new Date());
		entries.shown.forEach((ref, resource) -> bundle.addEntry().setFullUrl(ref).setResource(resource));
		return bundle;
	}

	private static SearchParameterMap by(String param, String reference) {
		SearchParameterMap map = new SearchParameterMap();
		map.add(param, new ReferenceParam(reference));
		return map;
	}

	/** The packet's records by reference, each added only when the caller may see it. */
	private final class Entries {

		private final RequestDetails request;
		private final Map<String, Resource> shown = new LinkedHashMap<>();

		Entries(RequestDetails request) {
			this.request = request;
		}

		/** True when the record is in the packet (added now or before). */
		boolean add(Resource resource) {
			String reference = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
			if (shown.containsKey(reference)) {
				return true;
			}
			if (!visibility.shows(request, resource)) {
				return false;
			}
			shown.put(reference, resource);
			return true;
		}
	}
}
