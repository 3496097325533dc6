package org.countyhub.server.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.nio.charset.Charset;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.feeds.MllpClient;
import org.countyhub.server.support.DicomFile;
import org.countyhub.server.support.HookReceiver;
import org.countyhub.server.support.HubServerTest;
import org.countyhub.server.support.OfficialValidator;
import org.countyhub.server.support.Orthanc;
import org.countyhub.server.support.Tokens;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/**
 * 基层检查 + 上级诊断, end to end through the public interfaces: the township orders, its PACS (a real Orthanc)
 * holds the images, the hub registers the study, the county centre works its worklist, claims, reports, and the
 * township is notified and reads the report.
 */
class RemoteReadingStoryTest extends HubServerTest {

	private static final String DCM = HubSystems.DICOM_DCM;
	private static final String DICOM_UID_ROOT = "1.2.826.0.1.3680043.10.1234.";

	@Test
	void townshipXrayIsReadAtTheCountyImagingCentreAndTheReportComesBack() throws Exception {
		Instant storyStart = Instant.now();
		Orthanc pacs = Orthanc.shared();
		try (HookReceiver township = new HookReceiver();
				Township.ActiveSubscription subscription = Township.subscribe(clientWith(Tokens.unitSystem(context(), "WSY01")), "Task?requester=Organization/WSY01&code=" + HubSystems.WORKFLOW
					+ "|remote-reading&status=completed", township.url())) {

			String mrn = Township.unique("MZ");
			Patient patient = Township.patient(client, "WSY01", mrn, "张秀英");
			String accession = Township.unique("DR");
			// the order as the township HIS sends it (FHIR here; the ORM feed writes the same ServiceRequest)
			ServiceRequest order = examOrder(patient, "WSY01", accession, "DX", ServiceRequest.ServiceRequestPriority.ROUTINE);
			String orderId = client.create().resource(order).execute().getId().toUnqualifiedVersionless().getValue();

			ServiceRequest stored = client.read().resource(ServiceRequest.class).withUrl(orderId).execute();
			assertThat(stored.getCategory()).anyMatch(c -> WorkflowCodes.has(c, HubSystems.WORKFLOW, "remote-reading"));
			assertThat(stored.getPerformerFirstRep().getReference()).isEqualTo("Organization/XRMYY");
			Task task = readingTask(orderId);
			assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
			assertThat(task.getOwner().getReference()).isEqualTo("Organization/XRMYY");
			assertThat(task.getRequester().getReference()).isEqualTo("Organization/WSY01");

			// the DR device stores two images of one series in the township PACS
			String studyUid = DICOM_UID_ROOT + System.nanoTime();
			String seriesUid = studyUid + ".1";
			String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).format(DateTimeFormatter.BASIC_ISO_DATE);
			for (int i = 1; i <= 2; i++) {
				pacs.upload(DicomFile.image(studyUid, seriesUid, seriesUid + "." + i, 1, "DX", "CHEST", mrn, "张秀英",
						accession, today));
			}
			registerPacs("WSY01", pacs);

			ImagingStudy study = await().atMost(Duration.ofSeconds(30)).until(() -> studyByUid(studyUid), s -> s != null);
			assertThat(study.getSubject().getReference()).isEqualTo(patient.getIdElement().getValue());
			assertThat(study.getBasedOnFirstRep().getReference()).isEqualTo(orderId);
			assertThat(study.getNumberOfSeries()).isEqualTo(1);
			assertThat(study.getNumberOfInstances()).isEqualTo(2);
			assertThat(study.getModalityFirstRep().getCode()).isEqualTo("DX");
			assertThat(study.getSeriesFirstRep().getBodySite().getCode()).isEqualTo("51185008");
			assertThat(study.getEndpointFirstRep().getReference()).isEqualTo("Endpoint/WSY01-pacs");
			assertThat(study.getIdentifier()).anyMatch(id -> accession.equals(id.getValue()));
			String studyRef = "ImagingStudy/" + study.getIdElement().getIdPart();
			assertThat(client.read().resource(ServiceRequest.class).withUrl(orderId).execute().getSupportingInfo())
					.extracting(Reference::getReference).contains(studyRef);
			assertThat(readingTask(orderId).getInput()).anyMatch(i -> i.getValue() instanceof Reference r
					&& studyRef.equals(r.getReference()));

			// a more urgent exam ordered later comes first on the centre's worklist
			String urgentId = client.create().resource(examOrder(patient, "WSY01", Township.unique("DR"), "CR",
					ServiceRequest.ServiceRequestPriority.STAT)).execute().getId().toUnqualifiedVersionless().getValue();
			Bundle worklist = worklist("XRMYY");
			List<String> focusOrder = worklist.getEntry().stream()
					.filter(e -> e.getResource() instanceof Task)
					.map(e -> ((Task) e.getResource()).getFocus().getReference())
					.filter(ref -> ref.equals(orderId) || ref.equals(urgentId))
					.toList();
			assertThat(focusOrder).containsExactly(urgentId, orderId);
			assertThat(worklist.getEntry()).anyMatch(e -> e.getResource() instanceof ImagingStudy
					&& ((ImagingStudy) e.getResource()).getIdentifier().stream().anyMatch(i -> i.getValue().endsWith(studyUid)));
			assertThat(worklist.getEntry()).anyMatch(e -> e.getResource() instanceof ServiceRequest
					&& e.getResource().getIdElement().toUnqualifiedVersionless().getValue().equals(orderId));

			// only the centre claims; a reader claims once
			PractitionerRole reader = Township.reader(client, "XRMYY", "王影像");
			assertThatThrownBy(() -> claim(task, reader, "WSY01"))
					.isInstanceOfSatisfying(BaseServerResponseException.class, e -> {
						assertThat(e.getStatusCode()).isEqualTo(403);
						assertThat(e.getMessage()).contains("HUB-5104");
					});
			Task claimed = claim(task, reader, "XRMYY");
			assertThat(claimed.getStatus()).isEqualTo(Task.TaskStatus.INPROGRESS);
			assertThat(claimed.getOwner().getReference()).isEqualTo(reader.getIdElement().getValue());
			assertThatThrownBy(() -> claim(task, reader, "XRMYY"))
					.isInstanceOfSatisfying(BaseServerResponseException.class, e -> {
						assertThat(e.getStatusCode()).isEqualTo(409);
						assertThat(e.getMessage()).contains("HUB-5105");
					});
			// 释放: only the centre gives a claim back, and only a claimed Task; then it can be claimed again
			assertThatThrownBy(() -> release(task, "WSY01"))
					.isInstanceOfSatisfying(BaseServerResponseException.class, e -> {
						assertThat(e.getStatusCode()).isEqualTo(403);
						assertThat(e.getMessage()).contains("HUB-5104");
					});
			Task released = release(task, "XRMYY");
			assertThat(released.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
			assertThat(released.getOwner().getReference()).isEqualTo("Organization/XRMYY");
			assertThatThrownBy(() -> release(task, "XRMYY"))
					.isInstanceOfSatisfying(BaseServerResponseException.class, e -> {
						assertThat(e.getStatusCode()).isEqualTo(409);
						assertThat(e.getMessage()).contains("HUB-5108");
					});
			assertThat(claim(task, reader, "XRMYY").getStatus()).isEqualTo(Task.TaskStatus.INPROGRESS);
			// claimed Tasks stay on the centre's worklist
			assertThat(worklist("XRMYY").getEntry()).anyMatch(e -> e.getResource() instanceof Task
					&& ((Task) e.getResource()).getFocus().getReference().equals(orderId));

			// the centre's report completes the Task
			DiagnosticReport report = readingReport(Reports.imaging(patient, "XRMYY", "DR-CHEST", "胸部DR正位片",
					"双肺纹理增粗，未见明显实质性病变。"), orderId, study, reader);
			String reportId = client.create().resource(report).execute().getId().toUnqualifiedVersionless().getValue();
			Task completed = readingTask(orderId);
			assertThat(completed.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
			assertThat(completed.getOutputFirstRep().getValue()).isInstanceOfSatisfying(Reference.class,
					r -> assertThat(r.getReference()).isEqualTo(reportId));
			assertThat(completed.getExecutionPeriod().hasEnd()).isTrue();

			// the township is told, and finds the report by its own order
			await().atMost(Duration.ofSeconds(30)).until(() -> township.deliveries().stream()
					.anyMatch(d -> d.body().contains(completed.getIdElement().getIdPart())));
			Bundle back = client.search().forResource(DiagnosticReport.class)
					.where(DiagnosticReport.BASED_ON.hasId(orderId)).returnBundle(Bundle.class).execute();
			assertThat(back.getEntry()).hasSize(1);
			DiagnosticReport atTownship = (DiagnosticReport) back.getEntryFirstRep().getResource();
			assertThat(atTownship.getConclusion()).isEqualTo("双肺纹理增粗，未见明显实质性病变。");

			// a revised report is a new version; the first stays in the history
			atTownship.setStatus(DiagnosticReport.DiagnosticReportStatus.AMENDED);
			atTownship.setConclusion("双肺纹理增粗，右下肺小结节，建议3个月后复查CT。");
			client.update().resource(atTownship).execute();
			Bundle history = client.history().onInstance(reportId).returnBundle(Bundle.class).execute();
			assertThat(history.getEntry()).extracting(e -> ((DiagnosticReport) e.getResource()).getConclusion())
					.containsExactly("双肺纹理增粗，右下肺小结节，建议3个月后复查CT。", "双肺纹理增粗，未见明显实质性病变。");
			assertThat(readingTask(orderId).getOutput()).hasSize(1);

			// the registration is idempotent: later polls add nothing
			await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> studiesByUid(studyUid) == 1);

			Parameters turnaround = client.operation().onType(Task.class).named("$reading-turnaround")
					.withNoParameters(Parameters.class).useHttpGet().execute();
			assertThat(turnaround.getParameter()).anyMatch(p -> p.getPart().stream().anyMatch(part ->
					part.getName().equals("centre") && ((Reference) part.getValue()).getReference().equals("Organization/XRMYY")));

			// everything the story stored (REST writes and the hub's own workflow records) passes the HL7 validator
			OfficialValidator.Verdict verdict = new OfficialValidator().judge(
					OfficialValidator.storedSince(client, storyStart, List.of("Patient", "Task", "ServiceRequest", "ImagingStudy", "Endpoint", "DiagnosticReport", "Observation", "Provenance")), "reading-story");
			assertThat(verdict.judged()).isGreaterThan(5);
			assertThat(verdict.errors()).isEmpty();
		}
	}

	@Test
	void townshipEcgIsReadAtTheCentreItsUnitIsRoutedTo() {
		try (HookReceiver township = new HookReceiver();
				Township.ActiveSubscription subscription = Township.subscribe(clientWith(Tokens.unitSystem(context(), "WSY02")), "Task?requester=Organization/WSY02&code=" + HubSystems.WORKFLOW
					+ "|remote-reading&status=completed", township.url())) {
			Patient patient = Township.patient(client, "WSY02", Township.unique("MZ"), "李建国");
			ServiceRequest order = examOrder(patient, "WSY02", Township.unique("EC"), "ECG",
					ServiceRequest.ServiceRequestPriority.URGENT);
			String orderId = client.create().resource(order).execute().getId().toUnqualifiedVersionless().getValue();

			// 河西乡卫生院's ECGs go to the TCM hospital (its reading.yaml), not to the lead hospital
			Task task = readingTask(orderId);
			assertThat(task.getOwner().getReference()).isEqualTo("Organization/XZYY");
			assertThat(task.getPriority()).isEqualTo(Task.TaskPriority.URGENT);
			assertThat(worklist("XZYY").getEntry()).anyMatch(e -> e.getResource() instanceof Task
					&& ((Task) e.getResource()).getFocus().getReference().equals(orderId));

			PractitionerRole reader = Township.reader(client, "XZYY", "赵心电");
			claim(task, reader, "XZYY");
			DiagnosticReport report = readingReport(Reports.ecg(patient, "XZYY", "ECG-12", "常规12导联心电图",
					"窦性心律，正常心电图。"), orderId, null, reader);
			String reportId = client.create().resource(report).execute().getId().toUnqualifiedVersionless().getValue();

			Task completed = readingTask(orderId);
			assertThat(completed.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
			assertThat(((Reference) completed.getOutputFirstRep().getValue()).getReference()).isEqualTo(reportId);
			await().atMost(Duration.ofSeconds(30)).until(() -> township.deliveries().stream()
					.anyMatch(d -> d.body().contains(completed.getIdElement().getIdPart())));
		}
	}

	/** Issue 27 (the console's worklist over 300 ms at 4 clients): the hub filters, orders and pages the worklist. */
	@Test
	void theWorklistIsFilteredOrderedAndPagedByTheHub() {
		String[] orders = new String[3];
		for (int i = 0; i < orders.length; i++) {
			Patient patient = Township.patient(client, "WSY02", Township.unique("MZ"), "分页" + i);
			orders[i] = client.create().resource(examOrder(patient, "WSY02", Township.unique("EC"), "ECG",
					ServiceRequest.ServiceRequestPriority.ROUTINE)).execute().getId().toUnqualifiedVersionless().getValue();
		}
		Parameters newestEcg = new Parameters();
		newestEcg.addParameter().setName("centre").setValue(new org.hl7.fhir.r4.model.StringType("XZYY"));
		newestEcg.addParameter().setName("requester").setValue(new org.hl7.fhir.r4.model.StringType("WSY02"));
		newestEcg.addParameter().setName("modality").setValue(new org.hl7.fhir.r4.model.StringType("ECG"));
		newestEcg.addParameter().setName("order").setValue(new org.hl7.fhir.r4.model.StringType("newest"));
		newestEcg.addParameter().setName("_count").setValue(new org.hl7.fhir.r4.model.IntegerType(2));
		newestEcg.addParameter().setName("_offset").setValue(new org.hl7.fhir.r4.model.IntegerType(1));
		Bundle page = client.operation().onType(Task.class).named("$worklist").withParameters(newestEcg)
				.returnResourceType(Bundle.class).useHttpGet().execute();

		List<Task> tasks = page.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(Task.class::isInstance).map(Task.class::cast).toList();
		assertThat(page.getTotal()).isGreaterThanOrEqualTo(3);
		// newest first, one skipped: the second and the first of ours
		assertThat(tasks).extracting(t -> t.getFocus().getReference()).containsExactly(orders[1], orders[0]);
		assertThat(page.getEntry()).filteredOn(e -> e.getResource() instanceof ServiceRequest).hasSize(2);

		Parameters dx = new Parameters();
		dx.addParameter().setName("centre").setValue(new org.hl7.fhir.r4.model.StringType("XZYY"));
		dx.addParameter().setName("requester").setValue(new org.hl7.fhir.r4.model.StringType("WSY02"));
		dx.addParameter().setName("modality").setValue(new org.hl7.fhir.r4.model.StringType("DX"));
		assertThat(client.operation().onType(Task.class).named("$worklist").withParameters(dx)
				.returnResourceType(Bundle.class).useHttpGet().execute().getEntry())
				.noneMatch(e -> e.getResource() instanceof Task t && List.of(orders).contains(t.getFocus().getReference()));

		Parameters wrongOrder = new Parameters();
		wrongOrder.addParameter().setName("centre").setValue(new org.hl7.fhir.r4.model.StringType("XZYY"));
		wrongOrder.addParameter().setName("order").setValue(new org.hl7.fhir.r4.model.StringType("alphabetical"));
		assertThatThrownBy(() -> client.operation().onType(Task.class).named("$worklist").withParameters(wrongOrder)
				.returnResourceType(Bundle.class).useHttpGet().execute())
				.isInstanceOfSatisfying(BaseServerResponseException.class, e -> {
					assertThat(e.getStatusCode()).isEqualTo(400);
					assertThat(e.getMessage()).contains("HUB-5109");
				});
	}

	/**
	 * Issue 27: without a filter the database orders the worklist and only a page's Tasks are read. Walked two at a
	 * time, the pages are the whole worklist once each, in the clinical order (stat, asap, urgent, routine; then
	 * oldest first, then in the order stored) or newest first, and the total counts them all.
	 */
	@Test
	void theWholeWorklistIsOrderedByTheDatabaseAndEachTaskIsOnOnePage() {
		Patient patient = Township.patient(client, "WSY02", Township.unique("MZ"), "分页全");
		String routine = order(patient, ServiceRequest.ServiceRequestPriority.ROUTINE);
		String stat = order(patient, ServiceRequest.ServiceRequestPriority.STAT);
		String urgent = order(patient, ServiceRequest.ServiceRequestPriority.URGENT);
		String routineLater = order(patient, ServiceRequest.ServiceRequestPriority.ROUTINE);

		List<Task> byPriority = walk("priority");
		Comparator<Task> oldestFirst = Comparator.<Task, Date>comparing(t -> t.getAuthoredOn())
				.thenComparingLong(t -> t.getIdElement().getIdPartAsLong());
		assertThat(byPriority).as(shown(byPriority)).isSortedAccordingTo(Comparator.comparingInt(RemoteReadingStoryTest::rank)
				.thenComparing(oldestFirst));
		assertThat(byPriority).extracting(t -> t.getFocus().getReference())
				.containsSubsequence(stat, urgent, routine, routineLater);

		List<Task> newest = walk("newest");
		assertThat(newest).as(shown(newest)).isSortedAccordingTo(oldestFirst.reversed());
		assertThat(newest).extracting(t -> t.getFocus().getReference())
				.containsSubsequence(routineLater, urgent, stat, routine);
		List<Task> waiting = walk("waiting");
		assertThat(waiting).as(shown(waiting)).isSortedAccordingTo(oldestFirst);
	}

	private static String shown(List<Task> tasks) {
		return tasks.stream().map(t -> t.getIdElement().getIdPart() + " " + t.getPriority() + " "
				+ t.getAuthoredOnElement().getValueAsString()).toList().toString();
	}

	/** stat, asap, urgent, then routine (a Task without a priority is routine). */
	private static int rank(Task task) {
		int ahead = List.of(Task.TaskPriority.STAT, Task.TaskPriority.ASAP, Task.TaskPriority.URGENT)
				.indexOf(task.getPriority());
		return ahead < 0 ? 3 : ahead;
	}

	private String order(Patient patient, ServiceRequest.ServiceRequestPriority priority) {
		return client.create().resource(examOrder(patient, "WSY02", Township.unique("EC"), "ECG", priority))
				.execute().getId().toUnqualifiedVersionless().getValue();
	}

	/** The ECG centre's whole worklist in this order, two Tasks a page: each Task once, the total each time. */
	private List<Task> walk(String order) {
		List<Task> all = new java.util.ArrayList<>();
		Integer total = null;
		for (int offset = 0;; offset += 2) {
			Parameters parameters = new Parameters();
			parameters.addParameter().setName("centre").setValue(new org.hl7.fhir.r4.model.StringType("XZYY"));
			parameters.addParameter().setName("order").setValue(new org.hl7.fhir.r4.model.StringType(order));
			parameters.addParameter().setName("_count").setValue(new org.hl7.fhir.r4.model.IntegerType(2));
			parameters.addParameter().setName("_offset").setValue(new org.hl7.fhir.r4.model.IntegerType(offset));
			Bundle page = client.operation().onType(Task.class).named("$worklist").withParameters(parameters)
					.returnResourceType(Bundle.class).useHttpGet().execute();
			List<Task> tasks = page.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
					.filter(Task.class::isInstance).map(Task.class::cast).toList();
			total = total == null ? page.getTotal() : total;
			assertThat(page.getTotal()).isEqualTo(total);
			all.addAll(tasks);
			if (tasks.size() < 2) {
				break;
			}
		}
		assertThat(all).hasSize(total);
		assertThat(all).extracting(t -> t.getIdElement().getIdPart()).doesNotHaveDuplicates();
		return all;
	}

	@Test
	void aReportFromAnotherUnitDoesNotCompleteTheReading() {
		Patient patient = Township.patient(client, "WSY01", Township.unique("MZ"), "陈桂兰");
		String orderId = client.create().resource(examOrder(patient, "WSY01", Township.unique("DR"), "DX",
				ServiceRequest.ServiceRequestPriority.ROUTINE)).execute().getId().toUnqualifiedVersionless().getValue();
		// the township's own preliminary impression, based on the same order
		DiagnosticReport own = readingReport(Reports.imaging(patient, "WSY01", "DR-CHEST", "胸部DR正位片",
				"初步印象：未见异常。"), orderId, null, null);
		client.create().resource(own).execute();
		assertThat(readingTask(orderId).getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
	}

	@Test
	void anExplicitReadingRequestWithoutCentreOrRouteIsRefused() {
		Patient patient = Township.patient(client, "XZYY", Township.unique("MZ"), "周明");
		ServiceRequest request = examOrder(patient, "XZYY", Township.unique("DR"), "DX",
				ServiceRequest.ServiceRequestPriority.ROUTINE);
		request.addCategory(WorkflowCodes.concept("remote-reading", "远程诊断"));
		assertThatThrownBy(() -> client.create().resource(request).execute())
				.isInstanceOfSatisfying(BaseServerResponseException.class, e -> {
					assertThat(e.getStatusCode()).isEqualTo(422);
					assertThat(e.getMessage()).contains("HUB-5101");
				});
	}

	@Test
	void anOrderOfAModalityTheUnitDoesNotSendOutIsNotMadeAReadingRequest() {
		Patient patient = Township.patient(client, "WSY02", Township.unique("MZ"), "吴芳");
		// WSY02 reads its own ultrasound: no route for US, so the hub does not mark the order as a reading request.
		// It stays the unit's own order (HIS orders may stay outside the guide): stored, with no reading Task.
		String accession = Township.unique("US");
		String orderId = client.create().resource(examOrder(patient, "WSY02", accession, "US",
				ServiceRequest.ServiceRequestPriority.ROUTINE)).execute().getId().toUnqualifiedVersionless().getValue();
		ServiceRequest stored = client.read().resource(ServiceRequest.class).withId(orderId).execute();
		assertThat(stored.getMeta().getProfile()).extracting(p -> p.getValue())
				.doesNotContain(HubSystems.READING_REQUEST_PROFILE);
		assertThat(client.search().forResource(Task.class)
				.where(Task.FOCUS.hasId(orderId))
				.returnBundle(Bundle.class).execute().getEntry()).isEmpty();
	}

	@Test
	void aRoutedOrderIsValidatedAsAReadingRequest() {
		// the routing rule runs before the guide's validation (StorageRule.BEFORE_VALIDATION): the order it marks
		// is checked against reading-request, so a routed order lacking what that profile requires is refused
		Patient patient = Township.patient(client, "WSY01", Township.unique("MZ"), "孙丽");
		ServiceRequest undated = examOrder(patient, "WSY01", Township.unique("DR"), "DX",
				ServiceRequest.ServiceRequestPriority.ROUTINE);
		undated.setAuthoredOnElement(null);
		assertThatThrownBy(() -> client.create().resource(undated).execute())
				.isInstanceOfSatisfying(BaseServerResponseException.class, e -> {
					assertThat(e.getStatusCode()).isEqualTo(422);
					assertThat(e.getMessage()).contains("HUB-1101").contains("ServiceRequest.authoredOn");
				});
		// the same order, dated, is stored declaring the profile it was validated against
		ServiceRequest dated = examOrder(patient, "WSY01", Township.unique("DR"), "DX",
				ServiceRequest.ServiceRequestPriority.ROUTINE);
		String orderId = client.create().resource(dated).execute().getId().toUnqualifiedVersionless().getValue();
		ServiceRequest stored = client.read().resource(ServiceRequest.class).withUrl(orderId).execute();
		assertThat(stored.getMeta().getProfile()).extracting(p -> p.getValue())
				.contains(HubSystems.READING_REQUEST_PROFILE);
		assertThat(readingTask(orderId).getMeta().getProfile()).extracting(p -> p.getValue())
				.contains(HubSystems.READING_TASK_PROFILE);
	}

	@Test
	void aTownshipOrderSentOverMllpBecomesAReadingTaskAtTheCentre() {
		// 城关镇卫生院's HIS sends a chest DR order as ORM^O01 (GB18030, as its HIS writes): OBR-24 the modality,
		// OBR-18 the accession number its PACS will use
		String mrn = Township.unique("MZ");
		String placer = Township.unique("P");
		String accession = Township.unique("DR");
		String control = Township.unique("C");
		String message = "MSH|^~\\&|HIS|WSY01|COUNTYHUB|SFXYGT|20261120093000||ORM^O01|" + control
				+ "|P|2.3.1||||||GB 18030-2000\r"
				+ "PID|1||" + mrn + "^^^WSY01^MR||刘^桂芳||19580312|F\r"
				+ "PV1|1|O|全科门诊||||||||||||||||V" + mrn + "\r"
				+ "ORC|NW|" + placer + "|||||||20261120092500|||3001^杨^医生\r"
				+ "OBR|1|" + placer + "||DR-CHEST^胸部DR正位片^L|||20261120092500|||||||||||" + accession
				+ "||||||DX\r";
		MllpClient.Ack ack;
		try (MllpClient mllp = new MllpClient(mllpPort())) {
			ack = mllp.send(message, Charset.forName("GB18030"));
		}
		assertThat(ack.code()).as(ack.text()).isEqualTo("AA");

		Bundle found = client.search().forResource(ServiceRequest.class)
				.where(ServiceRequest.IDENTIFIER.exactly().systemAndCode(HubSystems.unitAccession("WSY01"), accession))
				.returnBundle(Bundle.class).execute();
		assertThat(found.getEntry()).hasSize(1);
		ServiceRequest order = (ServiceRequest) found.getEntryFirstRep().getResource();
		String orderId = order.getIdElement().toUnqualifiedVersionless().getValue();
		assertThat(order.getMeta().getProfile()).extracting(p -> p.getValue()).contains(HubSystems.READING_REQUEST_PROFILE);
		assertThat(order.getRequester().getReference()).isEqualTo("Organization/WSY01");
		assertThat(order.getPerformerFirstRep().getReference()).isEqualTo("Organization/XRMYY");

		Task task = readingTask(orderId);
		assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
		assertThat(task.getOwner().getReference()).isEqualTo("Organization/XRMYY");
		assertThat(task.getRequester().getReference()).isEqualTo("Organization/WSY01");
		assertThat(worklist("XRMYY").getEntry()).anyMatch(e -> e.getResource() instanceof Task
				&& ((Task) e.getResource()).getFocus().getReference().equals(orderId));
	}

	private ServiceRequest examOrder(Patient patient, String unit, String accession, String modality,
			ServiceRequest.ServiceRequestPriority priority) {
		ServiceRequest order = new ServiceRequest();
		order.addIdentifier().setSystem(HubSystems.unitAccession(unit)).setValue(accession);
		order.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
		order.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
		order.setPriority(priority);
		order.setCode(new CodeableConcept(new Coding(DCM, modality, null)).setText(modality + " 检查"));
		order.setSubject(new Reference(patient.getIdElement().getValue()));
		order.setAuthoredOn(new Date());
		order.setRequester(new Reference("Organization/" + unit));
		return order;
	}

	/** A conforming report (see {@link Reports}) based on the reading request, signed by the reader if any. */
	private static DiagnosticReport readingReport(DiagnosticReport report, String orderId, ImagingStudy study,
			PractitionerRole reader) {
		report.addBasedOn(new Reference(orderId));
		if (reader != null) {
			report.addPerformer(new Reference(reader.getIdElement().getValue()));
		}
		if (study != null) {
			report.addImagingStudy(new Reference("ImagingStudy/" + study.getIdElement().getIdPart()));
		}
		return report;
	}

	private void registerPacs(String unit, Orthanc pacs) {
		Endpoint endpoint = new Endpoint();
		endpoint.setId(unit + "-pacs");
		endpoint.setStatus(Endpoint.EndpointStatus.ACTIVE);
		endpoint.setConnectionType(new Coding("http://terminology.hl7.org/CodeSystem/endpoint-connection-type",
				"dicom-wado-rs", null));
		endpoint.setManagingOrganization(new Reference("Organization/" + unit));
		endpoint.addPayloadType().setText("DICOM");
		endpoint.addPayloadMimeType("application/dicom");
		endpoint.setAddress(pacs.dicomWebUrl());
		client.update().resource(endpoint).execute();
	}

	private ImagingStudy studyByUid(String studyUid) {
		Bundle found = client.search().forResource(ImagingStudy.class)
				.where(ImagingStudy.IDENTIFIER.exactly().systemAndCode(HubSystems.DICOM_UID, "urn:oid:" + studyUid))
				.returnBundle(Bundle.class).execute();
		return found.getEntry().isEmpty() ? null : (ImagingStudy) found.getEntryFirstRep().getResource();
	}

	private int studiesByUid(String studyUid) {
		return client.search().forResource(ImagingStudy.class)
				.where(ImagingStudy.IDENTIFIER.exactly().systemAndCode(HubSystems.DICOM_UID, "urn:oid:" + studyUid))
				.returnBundle(Bundle.class).execute().getEntry().size();
	}

	private Task readingTask(String orderId) {
		Bundle tasks = client.search().forResource(Task.class)
				.where(Task.FOCUS.hasId(orderId))
				.and(Task.CODE.exactly().systemAndCode(HubSystems.WORKFLOW, "remote-reading"))
				.returnBundle(Bundle.class).execute();
		assertThat(tasks.getEntry()).hasSize(1);
		return (Task) tasks.getEntryFirstRep().getResource();
	}

	private Bundle worklist(String centre) {
		return client.operation().onType(Task.class).named("$worklist")
				.withParameter(Parameters.class, "centre", new org.hl7.fhir.r4.model.StringType(centre))
				.returnResourceType(Bundle.class).useHttpGet().execute();
	}

	private Task release(Task task, String actingUnit) {
		return client.operation().onInstance(task.getIdElement().toUnqualifiedVersionless()).named("$release")
				.withNoParameters(Parameters.class).returnResourceType(Task.class)
				.withAdditionalHeader(ActingUnit.HEADER, actingUnit).execute();
	}

		private Task claim(Task task, PractitionerRole reader, String actingUnit) {
		Parameters parameters = new Parameters();
		parameters.addParameter().setName("reader").setValue(new Reference(reader.getIdElement().getValue()));
		return client.operation().onInstance(task.getIdElement().toUnqualifiedVersionless()).named("$claim")
				.withParameters(parameters).returnResourceType(Task.class)
				.withAdditionalHeader(ActingUnit.HEADER, actingUnit).execute();
	}
}
