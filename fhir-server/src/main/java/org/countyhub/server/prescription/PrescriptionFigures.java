package org.countyhub.server.prescription;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.countyhub.county.MemberUnit;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.workflow.ActingUnit;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.SupplyDelivery;
import org.hl7.fhir.r4.model.SupplyRequest;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/**
 * 前置审方 and 缺药 figures per prescribing unit and month (in the county's zone), from the review Tasks and the
 * shortage registrations: prescriptions reviewed, approved (of which automatically), returned (returns by reason),
 * review time (median and longest, minutes, of prescriptions a pharmacist approved), the auto-approved share;
 * shortages registered, fulfilled (delivered) and the mean time to fulfil (hours). No patient data.
 */
@Component
class PrescriptionFigures {

	/** One unit's month. Percent and times are null where there is nothing to measure. */
	record Row(String unit, String unitName, int prescriptions, int approved, int autoApproved,
			Double autoApprovedPercent, int returns, Map<String, Integer> returnsByReason, int waiting,
			Double medianReviewMinutes, Double longestReviewMinutes, int shortages, int shortagesFulfilled,
			Double meanHoursToFulfil) {}

	private final WorkflowStore store;
	private final ActingUnit units;
	private final PrescriptionProperties properties;

	PrescriptionFigures(WorkflowStore store, ActingUnit units, PrescriptionProperties properties) {
		this.store = store;
		this.units = units;
		this.properties = properties;
	}

	private static final class Counts {
		int prescriptions;
		int approved;
		int auto;
		int returns;
		int waiting;
		final Map<String, Integer> reasons = new TreeMap<>();
		final List<Double> reviewMinutes = new ArrayList<>();
		int shortages;
		int fulfilled;
		double fulfilHours;
	}

	List<Row> month(YearMonth month, Optional<String> unit) {
		Instant from = month.atDay(1).atStartOfDay(properties.zone()).toInstant();
		Instant to = month.plusMonths(1).atDay(1).atStartOfDay(properties.zone()).toInstant();
		DateRangeParam range = new DateRangeParam(new DateParam(ParamPrefixEnum.GREATERTHAN_OR_EQUALS, Date.from(from)),
				new DateParam(ParamPrefixEnum.LESSTHAN, Date.from(to)));
		Map<String, Counts> byUnit = new TreeMap<>();

		SearchParameterMap reviews = new SearchParameterMap();
		reviews.add(Task.SP_CODE, new TokenParam(HubSystems.WORKFLOW, PrescriptionReviews.WORKFLOW));
		reviews.add(Task.SP_AUTHORED_ON, range);
		for (Task task : store.search(Task.class, reviews)) {
			String requester = unitOf(task.getRequester().getReference());
			if (requester == null || unit.map(u -> !u.equals(requester)).orElse(false)) {
				continue;
			}
			Counts c = byUnit.computeIfAbsent(requester, k -> new Counts());
			c.prescriptions++;
			for (Task.TaskOutputComponent output : task.getOutput()) {
				if (PrescriptionReviews.RETURN_OUTPUT.equals(output.getType().getText())
						&& output.getValue() instanceof org.hl7.fhir.r4.model.CodeableConcept reason) {
					c.returns++;
					String code = reason.getCoding().stream().map(Coding::getCode).findFirst().orElse("other");
					c.reasons.merge(code, 1, Integer::sum);
				}
			}
			if (task.getStatus() == Task.TaskStatus.COMPLETED) {
				c.approved++;
				if (PrescriptionReviews.AUTO_APPROVED.equals(task.getBusinessStatus().getText())) {
					c.auto++;
				} else if (task.getExecutionPeriod().hasEnd()) {
					c.reviewMinutes.add(Duration.between(task.getAuthoredOn().toInstant(),
							task.getExecutionPeriod().getEnd().toInstant()).toSeconds() / 60.0);
				}
			} else if (task.getStatus() == Task.TaskStatus.REQUESTED) {
				c.waiting++;
			}
		}

		SearchParameterMap shortages = new SearchParameterMap();
		shortages.add(SupplyRequest.SP_CATEGORY, new TokenParam(Shortages.KIND, "nonstock"));
		shortages.add(SupplyRequest.SP_DATE, range);
		for (SupplyRequest registration : store.search(SupplyRequest.class, shortages)) {
			String requester = unitOf(registration.getRequester().getReference());
			if (requester == null || unit.map(u -> !u.equals(requester)).orElse(false)) {
				continue;
			}
			Counts c = byUnit.computeIfAbsent(requester, k -> new Counts());
			c.shortages++;
			if (registration.getStatus() == SupplyRequest.SupplyRequestStatus.COMPLETED) {
				SearchParameterMap delivery = new SearchParameterMap();
				delivery.add(SupplyDelivery.SP_IDENTIFIER, new TokenParam(ShortageOperations.DELIVERY_OF,
						registration.getIdElement().getIdPart()));
				Optional<SupplyDelivery> delivered = store.search(SupplyDelivery.class, delivery).stream()
						.filter(d -> d.getStatus() == SupplyDelivery.SupplyDeliveryStatus.COMPLETED).findFirst();
				if (delivered.isPresent() && delivered.get().hasOccurrenceDateTimeType()) {
					c.fulfilled++;
					c.fulfilHours += Duration.between(registration.getAuthoredOn().toInstant(),
							delivered.get().getOccurrenceDateTimeType().getValue().toInstant()).toSeconds() / 3600.0;
				}
			}
		}

		List<Row> rows = new ArrayList<>();
		byUnit.forEach((code, c) -> {
			List<Double> minutes = c.reviewMinutes.stream().sorted().toList();
			rows.add(new Row(code, units.ofCode(code).map(MemberUnit::name).orElse(null), c.prescriptions, c.approved,
					c.auto, c.approved == 0 ? null : round(100.0 * c.auto / c.approved), c.returns, Map.copyOf(c.reasons),
					c.waiting, minutes.isEmpty() ? null : round(minutes.get(minutes.size() / 2)),
					minutes.isEmpty() ? null : round(minutes.get(minutes.size() - 1)), c.shortages, c.fulfilled,
					c.fulfilled == 0 ? null : round(c.fulfilHours / c.fulfilled)));
		});
		return rows;
	}

	/** The member unit code of an Organization reference (units' ids are their codes unless declared). */
	private String unitOf(String reference) {
		return reference == null ? null
				: units.ofOrganization(reference).map(MemberUnit::code).orElse(new IdType(reference).getIdPart());
	}

	private static double round(double value) {
		return Math.round(value * 10) / 10.0;
	}
}
