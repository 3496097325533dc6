package org.countyhub.server.critical;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.countyhub.county.MemberUnit;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.recognition.results.PersonRecords;
import org.countyhub.server.workflow.ActingUnit;
import org.countyhub.server.workflow.WorkflowCodes;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The loops in the store. A critical result opens one loop, in the transaction that stores it: a
 * {@code Communication} (the value, the patient, the result, sent by the performing unit to the ordering unit and to
 * the units where the person is admitted now) and a {@code Task} owned by the ordering unit with the acknowledgement
 * deadline. The ordering unit is the order's requester (the ServiceRequest the result or its report is based on:
 * literally, or by the placer order number among the person's records at any unit), else the unit of the result's
 * visit, else the Patient's managing unit. One loop per result (the Communication's identifier is the result's
 * reference), so a message delivered again or replayed opens nothing new.
 */
@Component
class CriticalValueLoops {

	private static final Logger log = LoggerFactory.getLogger(CriticalValueLoops.class);

	private final WorkflowStore store;
	private final PersonRecords persons;
	private final ActingUnit units;
	private final CriticalValueTables tables;
	private final Clock clock;

	CriticalValueLoops(WorkflowStore store, PersonRecords persons, ActingUnit units, CriticalValueTables tables,
			Clock clock) {
		this.store = store;
		this.persons = persons;
		this.units = units;
		this.tables = tables;
		this.clock = clock;
	}

	/** A critical Observation: its loop, with the report it belongs to (if stored) as context. */
	void open(Observation observation, CriticalJudgement judgement) {
		String resultRef = "Observation/" + observation.getIdElement().getIdPart();
		if (loop(resultRef).isPresent()) {
			return;
		}
		SearchParameterMap reports = new SearchParameterMap();
		reports.add(DiagnosticReport.SP_RESULT, new ReferenceParam(resultRef));
		DiagnosticReport report = store.search(DiagnosticReport.class, reports).stream().findFirst().orElse(null);
		List<Reference> basedOn = new ArrayList<>(observation.getBasedOn());
		if (report != null) {
			basedOn.addAll(report.getBasedOn());
		}
		List<Reference> about = new ArrayList<>(List.of(new Reference(resultRef)));
		if (report != null) {
			about.add(new Reference("DiagnosticReport/" + report.getIdElement().getIdPart()));
		}
		Reference encounter = observation.hasEncounter() ? observation.getEncounter()
				: report == null ? null : report.getEncounter();
		List<Reference> performers = new ArrayList<>(observation.getPerformer());
		if (report != null) {
			performers.addAll(report.getPerformer());
		}
		Instant resultAt = observation.hasIssued() ? observation.getIssued().toInstant()
				: report != null && report.hasIssued() ? report.getIssued().toInstant()
				: observation.hasEffectiveDateTimeType() ? observation.getEffectiveDateTimeType().getValue().toInstant()
				: clock.instant();
		open(new Result(resultRef, observation.getSubject(), basedOn, about, encounter, performers, resultAt),
				judgement);
	}

	/** A report whose coded conclusion is a critical finding. */
	void open(DiagnosticReport report, CriticalJudgement judgement) {
		String resultRef = "DiagnosticReport/" + report.getIdElement().getIdPart();
		if (loop(resultRef).isPresent()) {
			return;
		}
		Instant resultAt = report.hasIssued() ? report.getIssued().toInstant()
				: report.hasEffectiveDateTimeType() ? report.getEffectiveDateTimeType().getValue().toInstant()
				: clock.instant();
		open(new Result(resultRef, report.getSubject(), report.getBasedOn(), List.of(new Reference(resultRef)),
				report.getEncounter(), report.getPerformer(), resultAt), judgement);
	}

	/**
	 * A corrected (or amended) result that is no longer critical closes its open loop: the Task is cancelled with
	 * the reason and a note of the corrected value.
	 */
	void corrected(String resultRef, String correctedValue) {
		Optional<Communication> communication = loop(resultRef);
		if (communication.isEmpty()) {
			return;
		}
		String commRef = "Communication/" + communication.get().getIdElement().getIdPart();
		for (Task task : store.search(Task.class, CriticalValueCodes.taskOf(commRef))) {
			if (task.getStatus() != Task.TaskStatus.REQUESTED) {
				continue;
			}
			Date now = Date.from(clock.instant());
			task.setId(task.getIdElement().toVersionless());
			task.setStatus(Task.TaskStatus.CANCELLED);
			task.setStatusReason(new CodeableConcept().setText("结果已更正，不再为危急值"));
			task.setBusinessStatus(new CodeableConcept().setText(CriticalValueCodes.CORRECTED));
			task.addNote(new Annotation().setTime(now).setText("结果更正为 " + correctedValue + "，已不再为危急值，闭环关闭"));
			task.setLastModified(now);
			store.update(task, null);
			log.info("Critical value task {} closed: {} corrected, no longer critical", task.getIdElement().getIdPart(),
					resultRef);
		}
	}

	/** The loop's Communication of a result. */
	Optional<Communication> loop(String resultRef) {
		return store.search(Communication.class, CriticalValueCodes.loopOf(resultRef)).stream().findFirst();
	}

	private record Result(String reference, Reference subject, List<Reference> basedOn, List<Reference> about,
			Reference encounter, List<Reference> performers, Instant resultAt) {}

	private void open(Result result, CriticalJudgement judgement) {
		String subject = result.subject().getReference();
		Set<String> person = persons.linkedPatients(subject);
		Optional<ServiceRequest> order = order(result.basedOn(), person);
		Optional<MemberUnit> owner = order.flatMap(o -> units.ofOrganization(o.getRequester().getReference()))
				.or(() -> visitUnit(result.encounter()))
				.or(() -> units.ofOrganization(store.read(Patient.class, subject).getManagingOrganization().getReference()));
		if (owner.isEmpty()) {
			log.warn("Critical value {}: no ordering unit found (no order, visit or managing unit of the county);"
					+ " no loop opened", result.reference());
			return;
		}
		Optional<MemberUnit> performer = result.performers().stream()
				.map(p -> units.ofOrganization(p.getReference())).flatMap(Optional::stream).findFirst();
		Set<MemberUnit> admitted = admittedAt(person);
		admitted.remove(owner.get());
		CriticalValueTable table = tables.table();
		Instant now = clock.instant();

		Communication communication = new Communication();
		communication.addIdentifier(new Identifier().setSystem(HubSystems.CRITICAL_VALUE_ID)
				.setValue(CriticalValueCodes.resultKey(result.reference())));
		order.ifPresent(o -> communication.addBasedOn(new Reference("ServiceRequest/" + o.getIdElement().getIdPart())));
		communication.setStatus(Communication.CommunicationStatus.COMPLETED);
		communication.addCategory(WorkflowCodes.concept(CriticalValueCodes.WORKFLOW, CriticalValueCodes.DISPLAY));
		communication.setPriority(Communication.CommunicationPriority.STAT);
		communication.setSubject(new Reference(subject));
		result.about().forEach(a -> communication.addAbout(a.copy()));
		communication.setSent(Date.from(now));
		communication.addRecipient(unitReference(owner.get()));
		admitted.forEach(u -> communication.addRecipient(unitReference(u)));
		performer.ifPresent(p -> communication.setSender(unitReference(p)));
		CodeableConcept basis = new CodeableConcept();
		if (judgement.labFlag()) {
			basis.addCoding(new Coding(HubSystems.CRITICAL_VALUE_BASIS, "lab-flag", "检验科室标记危急"));
		}
		if (judgement.countyTable()) {
			basis.addCoding(new Coding(HubSystems.CRITICAL_VALUE_BASIS, "county-table", "医共体危急值表判定"));
		}
		communication.addReasonCode(basis);
		communication.addPayload().setContent(new StringType(judgement.notification()));
		if (judgement.valueText() != null) {
			communication.addPayload().setContent(new StringType(judgement.valueText()));
		}
		String commRef = "Communication/" + store.create(communication).getIdPart();

		Task task = new Task();
		task.getMeta().addProfile(HubSystems.CRITICAL_VALUE_TASK_PROFILE);
		task.setStatus(Task.TaskStatus.REQUESTED);
		task.setBusinessStatus(new CodeableConcept().setText(CriticalValueCodes.STEPS.get(0)));
		task.setIntent(Task.TaskIntent.ORDER);
		task.setPriority(Task.TaskPriority.STAT);
		task.setCode(WorkflowCodes.concept(CriticalValueCodes.WORKFLOW, CriticalValueCodes.DISPLAY));
		task.setDescription(judgement.notification());
		task.setFocus(new Reference(commRef));
		task.setFor(new Reference(subject));
		order.ifPresent(o -> task.addBasedOn(new Reference("ServiceRequest/" + o.getIdElement().getIdPart())));
		task.setAuthoredOn(Date.from(now));
		task.setLastModified(Date.from(now));
		performer.ifPresent(p -> task.setRequester(unitReference(p)));
		task.setOwner(unitReference(owner.get()));
		task.getRestriction().getPeriod().setStart(Date.from(result.resultAt()))
				.setEnd(Date.from(now.plus(table.limits().acknowledge())));
		String taskId = store.create(task).getIdPart();
		log.info("Critical value {}: task {} for unit {} (lab flag {}, county table {}), also told {}",
				result.reference(), taskId, owner.get().code(), judgement.labFlag(), judgement.countyTable(),
				admitted.stream().map(MemberUnit::code).toList());
	}

	/** The order the result answers: a literal reference, else the placer number among the person's orders. */
	private Optional<ServiceRequest> order(List<Reference> basedOn, Set<String> person) {
		for (Reference ref : basedOn) {
			if (ref.hasReference() && ref.getReference().startsWith("ServiceRequest/")) {
				Optional<ServiceRequest> found = store.resolve(ServiceRequest.class, ref);
				if (found.isPresent()) {
					return found;
				}
			}
		}
		for (Reference ref : basedOn) {
			if (!ref.hasIdentifier() || !ref.getIdentifier().hasValue()) {
				continue;
			}
			SearchParameterMap map = new SearchParameterMap();
			map.add(ServiceRequest.SP_IDENTIFIER, new TokenParam(null, ref.getIdentifier().getValue()));
			map.add(ServiceRequest.SP_SUBJECT, anyOf(person));
			Optional<ServiceRequest> found = store.search(ServiceRequest.class, map).stream()
					.filter(o -> units.ofOrganization(o.getRequester().getReference()).isPresent())
					.findFirst();
			if (found.isPresent()) {
				return found;
			}
		}
		return Optional.empty();
	}

	private Optional<MemberUnit> visitUnit(Reference encounter) {
		if (encounter == null) {
			return Optional.empty();
		}
		return store.resolve(Encounter.class, encounter)
				.flatMap(e -> units.ofOrganization(e.getServiceProvider().getReference()));
	}

	/** The units where the person is in hospital now (an in-progress inpatient visit). */
	private Set<MemberUnit> admittedAt(Set<String> person) {
		SearchParameterMap map = new SearchParameterMap();
		map.add(Encounter.SP_SUBJECT, anyOf(person));
		map.add(Encounter.SP_STATUS, new TokenParam("in-progress"));
		Set<MemberUnit> admitted = new LinkedHashSet<>();
		for (Encounter encounter : store.search(Encounter.class, map)) {
			if ("IMP".equals(encounter.getClass_().getCode())) {
				units.ofOrganization(encounter.getServiceProvider().getReference()).ifPresent(admitted::add);
			}
		}
		return admitted;
	}

	private static ReferenceOrListParam anyOf(Set<String> patients) {
		ReferenceOrListParam any = new ReferenceOrListParam();
		patients.forEach(p -> any.addOr(new ReferenceParam(p)));
		return any;
	}

	static Reference unitReference(MemberUnit unit) {
		return new Reference(unit.reference()).setDisplay(unit.name());
	}

	static String idOf(Reference reference) {
		return new IdType(reference.getReference()).getIdPart();
	}
}
