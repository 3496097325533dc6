package org.countyhub.server.console.reading;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.countyhub.server.console.ChineseFormats;
import org.countyhub.server.console.ResultLabels;
import org.countyhub.server.console.UnitLabels;
import org.countyhub.server.reading.ReadingModality;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/**
 * The reading centre's worklist: the hub's {@code Task/$worklist} for the acting unit, asked as the signed-in
 * reader, made into rows (申请单位, patient, modality, exam, 申请时间, 等待时长, priority, status).
 */
@OnEmbeddedSignIn
@Component
class Worklist {

	private static final Map<String, String> PRIORITIES = Map.of("stat", "特急", "asap", "尽快", "urgent", "加急",
			"routine", "常规");

	/** One Task as the worklist shows it. */
	record Row(String taskId, String requester, String requesterCode, String patient, String modality, String exam,
			String requested, String waiting, long waitingMinutes, String priority, String status, String owner,
			boolean mine, boolean claimable, boolean releasable, long authoredAt) {

		/** The Task has its report (已出报告): the reader who wrote it may revise it. */
		public boolean reported() {
			return "已出报告".equals(status);
		}
	}

	static final int PAGE_SIZE = 50;

	private final ChineseFormats formats;
	private final UnitLabels units;
	private final Clock clock;

	Worklist(ChineseFormats formats, UnitLabels units, Clock clock) {
		this.formats = formats;
		this.units = units;
		this.clock = clock;
	}

	/** One page of the worklist and how many Tasks match in all. */
	record Page(List<Row> rows, int total, int number, int pages) {}

	/**
	 * The page of the filter: the hub's {@code $worklist} filters, orders and pages (50 a page), so the console reads
	 * and renders 50 rows and their requests, patients and studies, not the centre's 500. The reader's own
	 * PractitionerRole (which rows are 我的) is asked for only once the page is there: it may be looked up meanwhile.
	 */
	Page page(IGenericClient fhir, String centre, WorklistFilter filter, Supplier<String> myRole) {
		Parameters parameters = new Parameters();
		parameters.addParameter().setName("centre").setValue(new StringType(centre));
		parameters.addParameter().setName("status").setValue(new StringType(filter.taskStatuses()));
		parameters.addParameter().setName("order").setValue(new StringType(filter.sort()));
		if (!filter.modality().isEmpty()) {
			parameters.addParameter().setName("modality").setValue(new StringType(filter.modality()));
		}
		if (!filter.unit().isEmpty()) {
			parameters.addParameter().setName("requester").setValue(new StringType(filter.unit()));
		}
		parameters.addParameter().setName("_count").setValue(new IntegerType(PAGE_SIZE));
		parameters.addParameter().setName("_offset").setValue(new IntegerType((filter.page() - 1) * PAGE_SIZE));
		Bundle bundle = fhir.operation().onType(Task.class).named("$worklist").withParameters(parameters)
				.useHttpGet().returnResourceType(Bundle.class).execute();
		Map<String, Resource> included = new HashMap<>();
		List<Task> tasks = new ArrayList<>();
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			Resource resource = entry.getResource();
			if (resource instanceof Task task) {
				tasks.add(task);
			} else {
				included.put(resource.fhirType() + "/" + resource.getIdElement().getIdPart(), resource);
			}
		}
		List<Row> rows = new ArrayList<>();
		String role = tasks.isEmpty() ? null : myRole.get();
		for (Task task : tasks) {
			rows.add(row(task, included, role, fhir));
		}
		int total = bundle.getTotal();
		return new Page(rows, total, filter.page(), Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE));
	}

	/** One Task's row; the request, patient and studies come from the worklist's included resources. */
	Row row(Task task, Map<String, Resource> included, String myRole, IGenericClient fhir) {
		ServiceRequest request = included.get(task.getFocus().getReference()) instanceof ServiceRequest sr ? sr : null;
		Patient patient = included.get(task.getFor().getReference()) instanceof Patient p ? p : null;
		String requesterCode = task.getRequester().getReferenceElement().getIdPart();
		String modality = request == null ? "" : ReadingModality.of(request, included.values());
		Date authored = task.getAuthoredOn();
		Date until = task.getStatus() == Task.TaskStatus.COMPLETED && task.getExecutionPeriod().hasEnd()
				? task.getExecutionPeriod().getEnd() : Date.from(clock.instant());
		long minutes = authored == null ? 0 : Math.max(0, Duration.between(authored.toInstant(), until.toInstant())
				.toMinutes());
		String owner = task.getOwner().getReference();
		boolean mine = myRole != null && myRole.equals(owner);
		return new Row(task.getIdElement().getIdPart(), units.name(requesterCode, fhir), requesterCode,
				patient == null || !patient.hasName() ? "" : patient.getNameFirstRep().getNameAsSingleString(),
				modality, request == null ? "" : ResultLabels.item(request.getCode()),
				authored == null ? "" : formats.when(new DateTimeType(authored)), waiting(minutes), minutes,
				PRIORITIES.getOrDefault(task.getPriority() == null ? "routine" : task.getPriority().toCode(), "常规"),
				status(task), task.getStatus() == Task.TaskStatus.INPROGRESS && task.getOwner().hasDisplay()
						? task.getOwner().getDisplay() : "",
				mine, task.getStatus() == Task.TaskStatus.REQUESTED || task.getStatus() == Task.TaskStatus.ACCEPTED,
				task.getStatus() == Task.TaskStatus.INPROGRESS, authored == null ? 0 : authored.getTime());
	}

	static String status(Task task) {
		return switch (task.getStatus()) {
			case REQUESTED, ACCEPTED, RECEIVED, READY -> "待诊断";
			case INPROGRESS -> "已领取";
			case COMPLETED -> "已出报告";
			case CANCELLED -> "已取消";
			default -> ResultLabels.state(task.getStatus().toCode());
		};
	}

	private static String waiting(long minutes) {
		if (minutes < 60) {
			return minutes + "分钟";
		}
		if (minutes < 24 * 60) {
			return (minutes / 60) + "小时" + (minutes % 60) + "分钟";
		}
		return (minutes / (24 * 60)) + "天" + (minutes / 60 % 24) + "小时";
	}
}
