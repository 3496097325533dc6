package org.countyhub.server.reading;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.util.ResourceUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.countyhub.county.MemberUnit;
import org.countyhub.profiles.HubMsg;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.workflow.ActingUnit;
import org.countyhub.server.workflow.StorageRule;
import org.countyhub.server.workflow.WorkflowCodes;
import org.countyhub.server.workflow.WorkflowTasks;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * 基层检查 + 上级诊断: a township's imaging or ECG order becomes a reading request with a Task owned by the
 * diagnosis centre. Applies to every ServiceRequest written to the store (FHIR REST and the HL7 order feeds):
 * <ul>
 *   <li>an order of a unit whose {@code reading.yaml} routes the order's modality to a centre is marked as a
 *       reading request (category {@code remote-reading}, the reading-request profile, the centre as performer);
 *   <li>a request already marked {@code remote-reading} keeps the performer it names, or is routed the same way;
 *   <li>every reading request gets one reading Task (status requested, owner the centre) in the same transaction.
 * </ul>
 * The modality is a DICOM code (system {@link HubSystems#DICOM_DCM}) in the request's code or category.
 */
@Component
@Interceptor
public class ReadingRequestRule implements StorageRule {

	private static final Logger log = LoggerFactory.getLogger(ReadingRequestRule.class);

	private final ReadingRouting routing;
	private final ActingUnit units;
	private final WorkflowStore store;

	ReadingRequestRule(ReadingRouting routing, ActingUnit units, WorkflowStore store) {
		this.routing = routing;
		this.units = units;
		this.store = store;
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = BEFORE_VALIDATION)
	public void beforeCreate(IBaseResource resource) {
		if (resource instanceof ServiceRequest request) {
			markIfRouted(request);
		}
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void afterCreate(IBaseResource resource) {
		if (resource instanceof ServiceRequest request && WorkflowCodes.isA(request, WorkflowCodes.REMOTE_READING)) {
			createTask(request);
		}
	}

	private void markIfRouted(ServiceRequest request) {
		boolean explicit = WorkflowCodes.isA(request, WorkflowCodes.REMOTE_READING);
		if (explicit && request.hasPerformer()) {
			return;
		}
		Optional<MemberUnit> unit = requestingUnit(request);
		Optional<String> modality = modality(request);
		Optional<String> centre = unit.flatMap(u -> modality.flatMap(m -> routing.centreFor(u.code(), m)));
		if (centre.isEmpty()) {
			if (explicit) {
				throw new UnprocessableEntityException(HubMsg.code(5101) + "reading request names no performer and "
						+ "no reading route applies (requesting unit " + unit.map(MemberUnit::code).orElse("unknown")
						+ ", modality " + modality.orElse("none") + "); name the centre in performer or add the "
						+ "modality to the unit's reading.yaml");
			}
			return;
		}
		MemberUnit centreUnit = units.byCode(centre.get());
		if (!explicit) {
			request.addCategory(WorkflowCodes.concept(WorkflowCodes.REMOTE_READING, "远程诊断"));
			request.getMeta().addProfile(HubSystems.READING_REQUEST_PROFILE);
		}
		// the centre first: it reads, and the reading Task is owned by the first performer (an order feed may
		// already name the ordering unit itself as performer, for the acquisition)
		request.getPerformer().add(0, new Reference(centreUnit.reference()).setDisplay(centreUnit.name()));
		// HAPI's validator checks the request body as received (kept in the resource's user data) when it is
		// there; this resource is no longer what was received, and what is validated must be what is stored
		ResourceUtil.clearRawStringFromResource(request);
	}

	private void createTask(ServiceRequest request) {
		String requestRef = "ServiceRequest/" + request.getIdElement().getIdPart();
		if (!store.search(Task.class, WorkflowCodes.taskFor(requestRef, WorkflowCodes.REMOTE_READING)).isEmpty()) {
			return;
		}
		Task task = WorkflowTasks.requestedFor(request, HubSystems.READING_TASK_PROFILE, WorkflowCodes.REMOTE_READING, "远程诊断");
		task.setOwner(request.getPerformerFirstRep().copy());
		List<Reference> inputs = new ArrayList<>(request.getSupportingInfo());
		for (Reference input : inputs) {
			task.addInput().setType(new CodeableConcept().setText("待阅读的检查")).setValue(input.copy());
		}
		store.create(task);
		log.info("Reading task created for {} owned by {}", requestRef, task.getOwner().getReference());
	}

	/**
	 * The unit that ordered: the requester Organization, or the organization of a requesting PractitionerRole
	 * (stored, or an entry of the same transaction Bundle, which HAPI's parser links to the reference).
	 */
	private Optional<MemberUnit> requestingUnit(ServiceRequest request) {
		Reference requester = request.getRequester();
		if (requester.getResource() instanceof PractitionerRole role) {
			return units.ofOrganization(role.getOrganization().getReference());
		}
		if (requester.getReference() != null && requester.getReference().startsWith("PractitionerRole/")) {
			return store.resolve(PractitionerRole.class, requester)
					.flatMap(role -> units.ofOrganization(role.getOrganization().getReference()));
		}
		return units.ofOrganization(requester.getReference());
	}

	static Optional<String> modality(ServiceRequest request) {
		List<CodeableConcept> concepts = new ArrayList<>(request.getCategory());
		concepts.add(request.getCode());
		concepts.addAll(request.getOrderDetail());
		return WorkflowCodes.codeIn(concepts, HubSystems.DICOM_DCM).map(String::toUpperCase);
	}
}
