package org.countyhub.server.console.reading;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.console.ChineseFormats;
import org.countyhub.server.console.ResultLabels;
import org.countyhub.server.console.UnitLabels;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.ImagingStudy;
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
			boolean mine, boolean claimable, boolean releasable, long authoredAt) {}

	private final ChineseFormats formats;
	private final UnitLabels units;
	private final Clock clock;

	Worklist(ChineseFormats formats, UnitLabels units, Clock clock) {
		this.formats = formats;
		this.units = units;
		this.clock = clock;
	}

	List<Row> rows(IGenericClient fhir, String centre, WorklistFilter filter, String myRole) {
		Parameters parameters = new Parameters();
		parameters.addParameter().setName("centre").setValue(new StringType(centre));
		parameters.addParameter().setName("status").setValue(new StringType(filter.taskStatuses()));
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
		for (Task task : tasks) {
			Row row = row(task, included, myRole, fhir);
			boolean modalityOk = filter.modality().isEmpty() || filter.modality().equals(row.modality());
			boolean unitOk = filter.unit().isEmpty() || filter.unit().equals(row.requesterCode());
			if (modalityOk && unitOk) {
				rows.add(row);
			}
		}
		// $worklist answers most urgent first, then oldest: the other orders are by age only
		if ("waiting".equals(filter.sort())) {
			rows.sort(Comparator.comparingLong(Row::authoredAt));
		} else if ("newest".equals(filter.sort())) {
			rows.sort(Comparator.comparingLong(Row::authoredAt).reversed());
		}
		return rows;
	}

	/** One Task's row; the request, patient and studies come from the worklist's included resources. */
	Row row(Task task, Map<String, Resource> included, String myRole, IGenericClient fhir) {
		ServiceRequest request = included.get(task.getFocus().getReference()) instanceof ServiceRequest sr ? sr : null;
		Patient patient = included.get(task.getFor().getReference()) instanceof Patient p ? p : null;
		String requesterCode = task.getRequester().getReferenceElement().getIdPart();
		String modality = request == null ? "" : modality(request, included);
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

	/** The DICOM modality: the request's code, category or detail, else its registered study's. */
	static String modality(ServiceRequest request, Map<String, Resource> included) {
		List<Coding> codings = new ArrayList<>(request.getCode().getCoding());
		request.getCategory().forEach(c -> codings.addAll(c.getCoding()));
		request.getOrderDetail().forEach(c -> codings.addAll(c.getCoding()));
		for (Coding coding : codings) {
			if (HubSystems.DICOM_DCM.equals(coding.getSystem())) {
				return coding.getCode();
			}
		}
		String id = "ServiceRequest/" + request.getIdElement().getIdPart();
		return included.values().stream().filter(ImagingStudy.class::isInstance).map(ImagingStudy.class::cast)
				.filter(s -> s.getBasedOn().stream().anyMatch(b -> id.equals(b.getReference())) && s.hasModality())
				.map(s -> s.getModalityFirstRep().getCode()).findFirst().orElse("");
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
