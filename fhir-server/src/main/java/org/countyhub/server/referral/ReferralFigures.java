package org.countyhub.server.referral;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.rest.FhirOperationProvider;
import org.countyhub.server.workflow.ActingUnit;
import org.countyhub.server.workflow.WorkflowCodes;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/**
 * 转诊统计: {@code GET /fhir/Task/$referral-figures?since=2026-01-01}: per unit, month (Beijing time, of the
 * referral's creation) and direction: referrals sent and received, how many the receiving unit accepted and
 * rejected, the acceptance rate (accepted / decided) and the mean hours from request to acceptance (from the
 * transitions' Provenance).
 */
@Component
class ReferralFigures implements FhirOperationProvider {

	private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
	private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM");
	private static final EnumSet<Task.TaskStatus> ACCEPTED =
			EnumSet.of(Task.TaskStatus.ACCEPTED, Task.TaskStatus.INPROGRESS, Task.TaskStatus.COMPLETED);

	private final WorkflowStore store;
	private final ActingUnit units;

	ReferralFigures(WorkflowStore store, ActingUnit units) {
		this.store = store;
		this.units = units;
	}

	private static final class Row {
		int sent;
		int received;
		int accepted;
		int rejected;
		double hoursToAcceptance;
		int timedAcceptances;
	}

	@Operation(name = "$referral-figures", typeName = "Task", idempotent = true)
	public Parameters figures(@OperationParam(name = "since", min = 0, max = 1) DateTimeType since) {
		SearchParameterMap map = new SearchParameterMap();
		map.add(Task.SP_CODE, new TokenParam(HubSystems.WORKFLOW, WorkflowCodes.REFERRAL));
		if (since != null && since.hasValue()) {
			map.add(Task.SP_AUTHORED_ON, new DateParam(ParamPrefixEnum.GREATERTHAN_OR_EQUALS, since.getValue()));
		}
		Map<String, Row> rows = new TreeMap<>();
		for (Task task : store.search(Task.class, map)) {
			Optional<ServiceRequest> request = store.resolve(ServiceRequest.class, task.getFocus());
			if (request.isEmpty() || !task.hasAuthoredOn()) {
				continue;
			}
			String direction = ReferralRequestRule.direction(request.get()).orElse("unknown");
			String month = MONTH.format(task.getAuthoredOn().toInstant().atZone(BEIJING));
			units.ofOrganization(task.getRequester().getReference())
					.ifPresent(u -> row(rows, u.code(), month, direction).sent++);
			Optional<String> receiver = units.ofOrganization(task.getOwner().getReference()).map(u -> u.code());
			if (receiver.isEmpty()) {
				continue;
			}
			Row row = row(rows, receiver.get(), month, direction);
			row.received++;
			if (task.getStatus() == Task.TaskStatus.REJECTED) {
				row.rejected++;
			} else if (ACCEPTED.contains(task.getStatus())) {
				row.accepted++;
				acceptedAt(task).ifPresent(at -> {
					row.hoursToAcceptance += (at.getTime() - task.getAuthoredOn().getTime()) / 3_600_000.0;
					row.timedAcceptances++;
				});
			}
		}
		Parameters result = new Parameters();
		rows.forEach((key, row) -> {
			String[] k = key.split("\\|");
			Parameters.ParametersParameterComponent p = result.addParameter().setName("row");
			p.addPart().setName("unit").setValue(new StringType(k[0]));
			p.addPart().setName("month").setValue(new StringType(k[1]));
			p.addPart().setName("direction").setValue(new StringType(k[2]));
			p.addPart().setName("sent").setValue(new IntegerType(row.sent));
			p.addPart().setName("received").setValue(new IntegerType(row.received));
			p.addPart().setName("accepted").setValue(new IntegerType(row.accepted));
			p.addPart().setName("rejected").setValue(new IntegerType(row.rejected));
			if (row.accepted + row.rejected > 0) {
				p.addPart().setName("acceptance-rate").setValue(new DecimalType(
						Math.round(1000.0 * row.accepted / (row.accepted + row.rejected)) / 1000.0));
			}
			if (row.timedAcceptances > 0) {
				p.addPart().setName("mean-hours-to-acceptance").setValue(new DecimalType(
						Math.round(100.0 * row.hoursToAcceptance / row.timedAcceptances) / 100.0));
			}
		});
		return result;
	}

	private static Row row(Map<String, Row> rows, String unit, String month, String direction) {
		return rows.computeIfAbsent(unit + "|" + month + "|" + direction, k -> new Row());
	}

	private Optional<java.util.Date> acceptedAt(Task task) {
		SearchParameterMap map = new SearchParameterMap();
		map.add(Provenance.SP_TARGET, new ReferenceParam("Task/" + task.getIdElement().getIdPart()));
		return store.search(Provenance.class, map).stream()
				.filter(p -> WorkflowCodes.has(p.getActivity(), ReferralTransitionRule.TASK_STATUS, "accepted"))
				.map(Provenance::getRecorded)
				.min(java.util.Date::compareTo);
	}
}
