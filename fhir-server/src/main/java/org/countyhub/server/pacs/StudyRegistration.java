package org.countyhub.server.pacs;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.countyhub.county.MemberUnit;
import org.countyhub.profiles.HubSystems;
import org.countyhub.profiles.ResidentIdCard;
import org.countyhub.server.workflow.WorkflowCodes;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registers a study found in a unit's PACS as an ImagingStudy, once (conditional create on the Study Instance
 * UID; a study that grew since is updated), linked to the request it was done for (by the unit's accession
 * number) and to the patient: the request's patient, else the unit's patient number (DICOM PatientID), else the
 * resident ID card in PatientID or OtherPatientIDs.
 */
@Component
class StudyRegistration {

	enum Outcome { CREATED, UPDATED, UNCHANGED, NO_PATIENT }

	private final WorkflowStore store;
	private final IFhirResourceDao<ImagingStudy> studies;
	private final TransactionTemplate transaction;

	StudyRegistration(WorkflowStore store, DaoRegistry daos, PlatformTransactionManager transactions) {
		this.store = store;
		this.studies = daos.getResourceDao(ImagingStudy.class);
		this.transaction = new TransactionTemplate(transactions);
	}

	/** Registers the study, its links to the request and the reading Task's input in one transaction. */
	Outcome register(ImagingStudy study, JsonNode qidoStudy, MemberUnit unit) {
		return transaction.execute(status -> registerInTransaction(study, qidoStudy, unit));
	}

	private Outcome registerInTransaction(ImagingStudy study, JsonNode qidoStudy, MemberUnit unit) {
		String uid = study.getIdentifierFirstRep().getValue();
		String match = "identifier=" + HubSystems.DICOM_UID + "|" + uid;
		SearchParameterMap existing = new SearchParameterMap();
		existing.add(ImagingStudy.SP_IDENTIFIER, new TokenParam(HubSystems.DICOM_UID, uid));
		List<ImagingStudy> found = store.search(ImagingStudy.class, existing);
		if (!found.isEmpty()) {
			ImagingStudy current = found.get(0);
			if (current.getNumberOfInstances() == study.getNumberOfInstances()
					&& current.getNumberOfSeries() == study.getNumberOfSeries()) {
				return Outcome.UNCHANGED;
			}
			study.setId(current.getIdElement().toVersionless());
			study.setSubject(current.getSubject());
			study.setBasedOn(current.getBasedOn());
			store.update(study, null);
			return Outcome.UPDATED;
		}
		Optional<ServiceRequest> request = DicomJson.first(qidoStudy, DicomJson.ACCESSION)
				.flatMap(acc -> requestByAccession(acc, unit));
		request.ifPresent(r -> study.addBasedOn(new Reference("ServiceRequest/" + r.getIdElement().getIdPart())));
		Optional<String> patient = request.map(r -> r.getSubject().getReference())
				.or(() -> patientOf(qidoStudy, unit));
		if (patient.isEmpty()) {
			return Outcome.NO_PATIENT;
		}
		study.setSubject(new Reference(patient.get()));
		String studyRef = "ImagingStudy/" + studies.create(study, match, new SystemRequestDetails()).getId().getIdPart();
		request.ifPresent(r -> attachToReading(r, studyRef));
		return Outcome.CREATED;
	}

	/** The study becomes the reading request's supporting information and its open reading Task's input. */
	private void attachToReading(ServiceRequest request, String studyRef) {
		if (!WorkflowCodes.isA(request, WorkflowCodes.REMOTE_READING)) {
			return;
		}
		String requestRef = "ServiceRequest/" + request.getIdElement().getIdPart();
		request.setId(request.getIdElement().toVersionless());
		request.addSupportingInfo(new Reference(studyRef));
		store.update(request, null);
		for (Task task : store.search(Task.class, WorkflowCodes.taskFor(requestRef, WorkflowCodes.REMOTE_READING))) {
			if (task.getStatus() != Task.TaskStatus.COMPLETED && task.getStatus() != Task.TaskStatus.CANCELLED) {
				task.setId(task.getIdElement().toVersionless());
				task.addInput().setType(new CodeableConcept().setText("待阅读的影像检查")).setValue(new Reference(studyRef));
				store.update(task, null);
			}
		}
	}

	private Optional<ServiceRequest> requestByAccession(String accession, MemberUnit unit) {
		SearchParameterMap bySystem = new SearchParameterMap();
		bySystem.add(ServiceRequest.SP_IDENTIFIER, new TokenParam(HubSystems.unitAccession(unit.code()), accession));
		List<ServiceRequest> found = store.search(ServiceRequest.class, bySystem);
		if (found.isEmpty()) {
			// the order feed may carry the accession as the placer/filler number under the unit's own system
			SearchParameterMap byValue = new SearchParameterMap();
			byValue.add(ServiceRequest.SP_IDENTIFIER, new TokenParam(null, accession));
			byValue.add(ServiceRequest.SP_REQUESTER, new ReferenceParam(unit.reference()));
			found = store.search(ServiceRequest.class, byValue);
		}
		return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
	}

	private Optional<String> patientOf(JsonNode qidoStudy, MemberUnit unit) {
		Optional<String> patientId = DicomJson.first(qidoStudy, DicomJson.PATIENT_ID);
		if (patientId.isPresent()) {
			Optional<String> byNumber = one(patients(HubSystems.unitPatientNumber(unit.code()), patientId.get(), null));
			if (byNumber.isPresent()) {
				return byNumber;
			}
			Optional<String> byOwnSystem = one(patients(null, patientId.get(), unit.reference()));
			if (byOwnSystem.isPresent()) {
				return byOwnSystem;
			}
		}
		List<String> candidates = new ArrayList<>();
		patientId.ifPresent(candidates::add);
		DicomJson.first(qidoStudy, DicomJson.OTHER_PATIENT_IDS).ifPresent(candidates::add);
		for (String candidate : candidates) {
			if (ResidentIdCard.isValid(candidate)) {
				List<Patient> byCard = patients(HubSystems.RESIDENT_ID_CARD, candidate, null);
				// the unit's own record of the person first, else any unit's
				Optional<Patient> own = byCard.stream()
						.filter(p -> unit.reference().equals(p.getManagingOrganization().getReference()))
						.findFirst();
				Optional<Patient> chosen = own.or(() -> byCard.stream().findFirst());
				if (chosen.isPresent()) {
					return chosen.map(p -> "Patient/" + p.getIdElement().getIdPart());
				}
			}
		}
		return Optional.empty();
	}

	private List<Patient> patients(String system, String value, String organization) {
		SearchParameterMap map = new SearchParameterMap();
		map.add(Patient.SP_IDENTIFIER, new TokenParam(system, value));
		if (organization != null) {
			map.add(Patient.SP_ORGANIZATION, new ReferenceParam(organization));
		}
		return store.search(Patient.class, map);
	}

	private static Optional<String> one(List<Patient> patients) {
		return patients.size() == 1
				? Optional.of("Patient/" + patients.get(0).getIdElement().getIdPart())
				: Optional.empty();
	}
}
