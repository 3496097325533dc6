package org.countyhub.server.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.countyhub.server.workflow.ReferralStoryTest.refused;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/**
 * The workflow rules applied to FHIR transaction Bundles, as a unit's system sends a patient with its referral or
 * order in one Bundle (urn:uuid placeholders between the entries): a referral, its moves, a reading request and
 * the centre's report get exactly what the same writes get one by one (Task, Provenance, completion), in the
 * Bundle's database transaction; a Bundle that fails leaves nothing behind. Run on each database the hub supports
 * (the implementing classes): HAPI writes Bundles with its own flush mode, which is where this used to break.
 */
interface WorkflowTransactions {

	IGenericClient client();

	@Test
	default void referralCreatedInATransactionWithItsPatientGetsItsTaskAndProvenance() {
		Referrals referrals = new Referrals(client());
		String patientUrn = urn();
		Patient patient = patient("WSY01", "赵玉梅");
		ServiceRequest referral = Referrals.referral(patient, "up", "WSY01", "XRMYY", "上转至县人民医院心内科");
		referral.setSubject(new Reference(patientUrn));

		Bundle transaction = transaction();
		post(transaction, patientUrn, patient);
		post(transaction, urn(), referral);
		Bundle response = client().transaction().withBundle(transaction)
				.withAdditionalHeader(ActingUnit.HEADER, "WSY01").execute();

		String patientId = location(response, 0);
		String referralId = location(response, 1);
		Task task = referrals.task(referralId);
		assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
		assertThat(task.getOwner().getReference()).isEqualTo("Organization/XRMYY");
		assertThat(task.getFocus().getReference()).isEqualTo(referralId);
		assertThat(task.getFor().getReference()).isEqualTo(patientId);
		assertThat(provenance(task)).extracting(WorkflowTransactions::state).containsExactly("requested");
		assertThat(provenance(task).get(0).getAgentFirstRep().getWho().getReference()).isEqualTo("Organization/WSY01");
	}

	@Test
	default void downReferralWithItsCarePlanInTheSameTransaction() {
		Referrals referrals = new Referrals(client());
		Patient patient = Township.patient(client(), "WSY02", Township.unique("MZ"), "钱福生");
		CarePlan plan = new CarePlan();
		plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
		plan.setIntent(CarePlan.CarePlanIntent.PLAN);
		plan.setTitle("脑梗死恢复期康复随访计划");
		plan.setSubject(new Reference(patient.getIdElement().getValue()));
		plan.setAuthor(new Reference("Organization/XRMYY"));
		String planUrn = urn();
		ServiceRequest down = Referrals.referral(patient, "down", "XRMYY", "WSY02", "下转至河西乡卫生院康复随访");
		down.addSupportingInfo(new Reference(planUrn));

		Bundle transaction = transaction();
		post(transaction, planUrn, plan);
		post(transaction, urn(), down);
		Bundle response = client().transaction().withBundle(transaction)
				.withAdditionalHeader(ActingUnit.HEADER, "XRMYY").execute();

		String planId = location(response, 0);
		String downId = location(response, 1);
		ServiceRequest stored = client().read().resource(ServiceRequest.class).withUrl(downId).execute();
		assertThat(stored.getSupportingInfoFirstRep().getReference()).isEqualTo(planId);
		Task task = referrals.task(downId);
		assertThat(task.getOwner().getReference()).isEqualTo("Organization/WSY02");
		assertThat(provenance(task)).extracting(WorkflowTransactions::state).containsExactly("requested");
	}

	@Test
	default void referralMovesInTransactionsAreCheckedAndRecordedLikeSingleUpdates() {
		Referrals referrals = new Referrals(client());
		Patient patient = Township.patient(client(), "WSY01", Township.unique("MZ"), "孙丽华");
		String referralId = referrals.send(Referrals.referral(patient, "up", "WSY01", "XRMYY", "上转至县人民医院骨科"), "WSY01");
		Task task = referrals.task(referralId);

		// accepted by PUT inside a Bundle: by the receiving unit only
		Task accepted = task.copy();
		accepted.setStatus(Task.TaskStatus.ACCEPTED);
		refused(() -> client().transaction().withBundle(put(accepted))
				.withAdditionalHeader(ActingUnit.HEADER, "WSY01").execute(), 403, "HUB-5209");
		client().transaction().withBundle(put(accepted)).withAdditionalHeader(ActingUnit.HEADER, "XRMYY").execute();

		// arrival by JSON Patch inside a Bundle; a move not in the table is refused
		refused(() -> client().transaction().withBundle(patch(task, "completed"))
				.withAdditionalHeader(ActingUnit.HEADER, "XRMYY").execute(), 422, "HUB-5207");
		client().transaction().withBundle(patch(task, "in-progress"))
				.withAdditionalHeader(ActingUnit.HEADER, "XRMYY").execute();

		assertThat(referrals.task(referralId).getStatus()).isEqualTo(Task.TaskStatus.INPROGRESS);
		List<Provenance> moves = provenance(task);
		assertThat(moves).extracting(WorkflowTransactions::state)
				.containsExactlyInAnyOrder("requested", "accepted", "in-progress");
		assertThat(moves).filteredOn(p -> !state(p).equals("requested"))
				.allSatisfy(p -> assertThat(p.getAgentFirstRep().getWho().getReference())
						.isEqualTo("Organization/XRMYY"));
	}

	@Test
	default void aFailingTransactionLeavesNoReferralNoTaskAndNoPatient() {
		String patientUrn = urn();
		String mrn = Township.unique("MZ");
		Patient patient = patient("WSY01", "吴春燕");
		patient.getIdentifierFirstRep().setValue(mrn);
		ServiceRequest referral = Referrals.referral(patient, "up", "WSY01", "XRMYY", "上转至县人民医院呼吸科");
		referral.setSubject(new Reference(patientUrn));
		String referralNumber = referral.getIdentifierFirstRep().getValue();
		// a second referral in the same Bundle that names no receiving unit
		ServiceRequest broken = Referrals.referral(patient, "up", "WSY01", "XRMYY", "上转");
		broken.setSubject(new Reference(patientUrn));
		broken.getPerformer().clear();

		Bundle transaction = transaction();
		post(transaction, patientUrn, patient);
		post(transaction, urn(), referral);
		post(transaction, urn(), broken);
		refused(() -> client().transaction().withBundle(transaction)
				.withAdditionalHeader(ActingUnit.HEADER, "WSY01").execute(), 422, "HUB-5202");

		assertThat(client().search().forResource(ServiceRequest.class)
				.where(ServiceRequest.IDENTIFIER.exactly().code(referralNumber))
				.returnBundle(Bundle.class).execute().getEntry()).isEmpty();
		assertThat(client().search().forResource(Patient.class)
				.where(Patient.IDENTIFIER.exactly().systemAndCode(HubSystems.unitPatientNumber("WSY01"), mrn))
				.returnBundle(Bundle.class).execute().getEntry()).isEmpty();
		assertThat(client().search().byUrl("Task?code=" + HubSystems.WORKFLOW + "|referral&patient.identifier="
				+ HubSystems.unitPatientNumber("WSY01") + "|" + mrn).returnBundle(Bundle.class).execute().getEntry())
				.isEmpty();
	}

	@Test
	default void readingRequestAndTheCentresReportInTransactions() {
		// the township's order with its patient and ordering doctor (a PractitionerRole of the unit) in one Bundle
		String patientUrn = urn();
		String practitionerUrn = urn();
		String roleUrn = urn();
		Practitioner doctor = new Practitioner();
		doctor.addName(new HumanName().setText("李医生"));
		PractitionerRole role = new PractitionerRole();
		role.setActive(true);
		role.setPractitioner(new Reference(practitionerUrn));
		role.setOrganization(new Reference("Organization/WSY01"));
		ServiceRequest order = examOrder("WSY01", "DX");
		order.setSubject(new Reference(patientUrn));
		order.setRequester(new Reference(roleUrn));

		Bundle transaction = transaction();
		post(transaction, patientUrn, patient("WSY01", "郑国强"));
		post(transaction, practitionerUrn, doctor);
		post(transaction, roleUrn, role);
		post(transaction, urn(), order);
		Bundle response = client().transaction().withBundle(transaction).execute();
		String patientId = location(response, 0);
		String orderId = location(response, 3);

		ServiceRequest stored = client().read().resource(ServiceRequest.class).withUrl(orderId).execute();
		assertThat(stored.getPerformerFirstRep().getReference()).isEqualTo("Organization/XRMYY");
		Task task = readingTask(orderId);
		assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
		assertThat(task.getOwner().getReference()).isEqualTo("Organization/XRMYY");

		// the centre's report, sent as a Bundle, completes the Task
		Patient patient = new Patient();
		patient.setId(patientId);
		DiagnosticReport report = Reports.imaging(patient, "XRMYY", "DR-CHEST", "胸部DR正位片", "心肺膈未见明显异常。");
		report.addBasedOn(new Reference(orderId));
		Bundle reportBundle = transaction();
		post(reportBundle, urn(), report);
		String reportId = location(client().transaction().withBundle(reportBundle).execute(), 0);
		Task completed = readingTask(orderId);
		assertThat(completed.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
		assertThat(((Reference) completed.getOutputFirstRep().getValue()).getReference()).isEqualTo(reportId);
	}

	@Test
	default void anOrderAndItsReportInOneTransactionCompleteTheTaskCreatedForTheOrder() {
		Patient patient = Township.patient(client(), "WSY01", Township.unique("MZ"), "冯志刚");
		String orderUrn = urn();
		DiagnosticReport report = Reports.imaging(patient, "XRMYY", "DR-CHEST", "胸部DR正位片", "双肺纹理清晰。");
		report.addBasedOn(new Reference(orderUrn));

		Bundle transaction = transaction();
		post(transaction, orderUrn, examOrder("WSY01", "DX").setSubject(new Reference(patient.getIdElement().getValue())));
		post(transaction, urn(), report);
		Bundle response = client().transaction().withBundle(transaction).execute();

		Task task = readingTask(location(response, 0));
		assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
		assertThat(((Reference) task.getOutputFirstRep().getValue()).getReference()).isEqualTo(location(response, 1));
	}

	private Task readingTask(String orderId) {
		Bundle tasks = client().search().forResource(Task.class)
				.where(Task.FOCUS.hasId(orderId))
				.and(Task.CODE.exactly().systemAndCode(HubSystems.WORKFLOW, "remote-reading"))
				.returnBundle(Bundle.class).execute();
		assertThat(tasks.getEntry()).hasSize(1);
		return (Task) tasks.getEntryFirstRep().getResource();
	}

	private List<Provenance> provenance(Task task) {
		return client().search().forResource(Provenance.class)
				.where(Provenance.TARGET.hasId("Task/" + task.getIdElement().getIdPart()))
				.returnBundle(Bundle.class).execute().getEntry().stream()
				.map(e -> (Provenance) e.getResource()).toList();
	}

	private static String state(Provenance provenance) {
		return provenance.getActivity().getCoding().stream()
				.filter(c -> "http://hl7.org/fhir/task-status".equals(c.getSystem()))
				.findFirst().orElseThrow().getCode();
	}

	private static ServiceRequest examOrder(String unit, String modality) {
		ServiceRequest order = new ServiceRequest();
		order.addIdentifier().setSystem(HubSystems.unitAccession(unit)).setValue(Township.unique("DR"));
		order.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
		order.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
		order.setPriority(ServiceRequest.ServiceRequestPriority.ROUTINE);
		order.setCode(new CodeableConcept(new Coding(HubSystems.DICOM_DCM, modality, null)).setText(modality + " 检查"));
		order.setAuthoredOn(new Date());
		order.setRequester(new Reference("Organization/" + unit));
		return order;
	}

	private static Patient patient(String unit, String name) {
		Patient patient = new Patient();
		patient.addIdentifier().setSystem(HubSystems.unitPatientNumber(unit)).setValue(Township.unique("MZ"));
		patient.addIdentifier().setSystem(HubSystems.RESIDENT_ID_CARD).setValue(Township.idCard());
		patient.addName(new HumanName().setText(name));
		patient.setGender(Enumerations.AdministrativeGender.MALE);
		patient.setManagingOrganization(new Reference("Organization/" + unit));
		return patient;
	}

	private static String urn() {
		return "urn:uuid:" + UUID.randomUUID();
	}

	private static Bundle transaction() {
		return new Bundle().setType(Bundle.BundleType.TRANSACTION);
	}

	private static void post(Bundle transaction, String fullUrl, Resource resource) {
		transaction.addEntry().setFullUrl(fullUrl).setResource(resource).getRequest()
				.setMethod(Bundle.HTTPVerb.POST).setUrl(resource.fhirType());
	}

	private static Bundle put(Task task) {
		Bundle transaction = transaction();
		String id = "Task/" + task.getIdElement().getIdPart();
		transaction.addEntry().setFullUrl(id).setResource(task).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(id);
		return transaction;
	}

	private static Bundle patch(Task task, String status) {
		Binary body = new Binary();
		body.setContentType("application/json-patch+json");
		body.setContent(("[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"" + status + "\"}]")
				.getBytes(StandardCharsets.UTF_8));
		Bundle transaction = transaction();
		transaction.addEntry().setResource(body).getRequest().setMethod(Bundle.HTTPVerb.PATCH)
				.setUrl("Task/" + task.getIdElement().getIdPart());
		return transaction;
	}

	/** The id (Type/id, no version) of what an entry of a transaction response created or updated. */
	private static String location(Bundle response, int entry) {
		return new IdType(response.getEntry().get(entry).getResponse().getLocation()).toUnqualifiedVersionless()
				.getValue();
	}
}
