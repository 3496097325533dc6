package org.countyhub.server.indicators;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.countyhub.profiles.HubMsg;
import org.countyhub.server.rest.FhirOperationProvider;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;

/**
 * The hub's own {@code $evaluate-measure} (docs/indicators.md): the guide's indicator Measures computed in Java
 * from the stored data, not HAPI's clinical-reasoning module, whose CQL engine and libraries would weigh more than
 * these counts need. {@code GET /fhir/Measure/referrals/$evaluate-measure?month=2026-11[&reporter=Organization/WSY01]}
 * answers one summary MeasureReport (the community, or one unit); {@code GET /fhir/Measure/$evaluate-measure?month=}
 * a collection Bundle of all of them. {@code POST /fhir/MeasureReport/$import-out-of-county} takes the month's
 * out-of-county file ({@code month}, {@code csv}).
 */
@Component
class IndicatorOperations implements FhirOperationProvider {

	private final IndicatorReports reports;
	private final IndicatorMeasures measures;
	private final OutOfCountyVisits imports;
	private final Clock clock;

	IndicatorOperations(IndicatorReports reports, IndicatorMeasures measures, OutOfCountyVisits imports,
			Clock clock) {
		this.reports = reports;
		this.measures = measures;
		this.imports = imports;
		this.clock = clock;
	}

	@Operation(name = "$evaluate-measure", typeName = "Measure", idempotent = true)
	public MeasureReport evaluate(
			@IdParam IdType id,
			@OperationParam(name = "month", min = 0, max = 1) StringType month,
			@OperationParam(name = "periodStart", min = 0, max = 1) StringType periodStart,
			@OperationParam(name = "reporter", min = 0, max = 1) StringType reporter) {
		ReportMonth m = month(month, periodStart);
		MonthFigures figures = reports.one(id.getIdPart(), m);
		return MeasureReports.of(measures.measure(id.getIdPart()).orElseThrow(), figures, unit(reporter),
				Date.from(clock.instant()));
	}

	@Operation(name = "$evaluate-measure", typeName = "Measure", idempotent = true)
	public Bundle evaluateAll(
			@OperationParam(name = "month", min = 0, max = 1) StringType month,
			@OperationParam(name = "periodStart", min = 0, max = 1) StringType periodStart,
			@OperationParam(name = "reporter", min = 0, max = 1) StringType reporter) {
		ReportMonth m = month(month, periodStart);
		Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
		Date now = Date.from(clock.instant());
		for (MonthFigures figures : reports.all(m)) {
			bundle.addEntry().setResource(MeasureReports.of(measures.measure(figures.measureId()).orElseThrow(),
					figures, unit(reporter), now));
		}
		return bundle;
	}

	@Operation(name = "$import-out-of-county", typeName = "MeasureReport")
	public Parameters importOutOfCounty(
			@OperationParam(name = "month", min = 1, max = 1) StringType month,
			@OperationParam(name = "csv", min = 1, max = 1) StringType csv) {
		ReportMonth m = reports.month(month.getValue());
		List<OutOfCountyVisits.Line> lines = imports.importMonth(m, csv.getValue());
		reports.forget(m);
		Parameters result = new Parameters();
		result.addParameter().setName("month").setValue(new StringType(m.toString()));
		result.addParameter().setName("lines").setValue(new IntegerType(lines.size()));
		return result;
	}

	/** {@code month=YYYY-MM}, or the month of {@code periodStart} (the standard operation's parameter). */
	private ReportMonth month(StringType month, StringType periodStart) {
		if (month != null && month.hasValue()) {
			return reports.month(month.getValue());
		}
		if (periodStart != null && periodStart.hasValue() && periodStart.getValue().length() >= 7) {
			return reports.month(periodStart.getValue().substring(0, 7));
		}
		throw new InvalidRequestException(HubMsg.code(5608) + "$evaluate-measure needs month=YYYY-MM (or periodStart)");
	}

	private static Optional<String> unit(StringType reporter) {
		if (reporter == null || !reporter.hasValue()) {
			return Optional.empty();
		}
		String value = reporter.getValue();
		return Optional.of(value.startsWith("Organization/") ? value.substring("Organization/".length()) : value);
	}
}
