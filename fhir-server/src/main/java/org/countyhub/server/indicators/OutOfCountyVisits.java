package org.countyhub.server.indicators;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.countyhub.profiles.HubMsg;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Period;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The monthly import of visits and admissions from 医保 settlement data (docs/indicators.md): one line per member
 * unit and one for 县外 (outside the county). Kept as a data-collection MeasureReport of the Measure
 * {@code in-county-visit-rate} with the month as its identifier, so a month imported again replaces the last
 * import. A file with any bad line is refused whole, naming the line.
 */
@Component
public class OutOfCountyVisits {

	private static final Logger log = LoggerFactory.getLogger(OutOfCountyVisits.class);

	public static final String OUTSIDE = "县外";
	static final String IDENTIFIER = HubSystems.CANONICAL_BASE + "/sid/out-of-county-import";
	static final String VISITS = "visits";
	static final String ADMISSIONS = "admissions";

	/** One line: a unit code or 县外, with its visits and admissions. */
	public record Line(String unit, int visits, int admissions) {}

	private final WorkflowStore store;
	private final MemberUnits units;

	OutOfCountyVisits(WorkflowStore store, MemberUnits units) {
		this.store = store;
		this.units = units;
	}

	/** Reads and stores the month's file; answers the lines stored. */
	public List<Line> importMonth(ReportMonth month, String csv) {
		List<Line> lines = parse(csv, units.all().keySet());
		MeasureReport report = new MeasureReport();
		report.addIdentifier().setSystem(IDENTIFIER).setValue(month.toString());
		report.setStatus(MeasureReport.MeasureReportStatus.COMPLETE);
		report.setType(MeasureReport.MeasureReportType.DATACOLLECTION);
		report.setMeasure(IndicatorMeasures.canonical("in-county-visit-rate"));
		report.setDate(new Date());
		report.setPeriod(new Period().setStart(Date.from(month.start())).setEnd(Date.from(month.end().minusMillis(1))));
		MeasureReport.MeasureReportGroupStratifierComponent byUnit = report.addGroup().addStratifier();
		byUnit.addCode().setText(UnitTypes.UNIT);
		for (Line line : lines) {
			MeasureReport.StratifierGroupComponent stratum = byUnit.addStratum();
			stratum.getValue().setText(line.unit());
			stratum.addPopulation().setCount(line.visits()).getCode().setText(VISITS);
			stratum.addPopulation().setCount(line.admissions()).getCode().setText(ADMISSIONS);
		}
		Optional<MeasureReport> earlier = stored(month);
		if (earlier.isPresent()) {
			report.setId(earlier.get().getIdElement().toUnqualifiedVersionless());
			store.update(report, null);
		} else {
			store.create(report);
		}
		log.info("Out-of-county import for {}: {} lines", month, lines.size());
		return lines;
	}

	/** The month's imported lines, if the month was imported. */
	public Optional<List<Line>> lines(ReportMonth month) {
		return stored(month).map(report -> report.getGroupFirstRep().getStratifierFirstRep().getStratum().stream()
				.map(s -> new Line(s.getValue().getText(), count(s, VISITS), count(s, ADMISSIONS)))
				.toList());
	}

	private Optional<MeasureReport> stored(ReportMonth month) {
		SearchParameterMap map = SearchParameterMap.newSynchronous();
		map.add(MeasureReport.SP_IDENTIFIER, new TokenParam(IDENTIFIER, month.toString()));
		return store.search(MeasureReport.class, map).stream().findFirst();
	}

	private static int count(MeasureReport.StratifierGroupComponent stratum, String population) {
		return stratum.getPopulation().stream().filter(p -> population.equals(p.getCode().getText()))
				.mapToInt(p -> p.getCount()).findFirst().orElse(0);
	}

	/** The documented format: header {@code unit,visits,admissions}, then one line per unit and 县外. */
	static List<Line> parse(String csv, Set<String> knownUnits) {
		String text = csv == null ? "" : csv.replace("\uFEFF", "");
		List<String> rows = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
		if (rows.isEmpty() || !rows.get(0).replace(" ", "").equalsIgnoreCase("unit,visits,admissions")) {
			throw new InvalidRequestException(HubMsg.code(5602)
					+ "the import's first line must be the header 'unit,visits,admissions'");
		}
		Map<String, Line> lines = new LinkedHashMap<>();
		for (int i = 1; i < rows.size(); i++) {
			String[] fields = rows.get(i).split(",", -1);
			int lineNo = i + 1;
			if (fields.length != 3) {
				throw new InvalidRequestException(HubMsg.code(5603) + "line " + lineNo
						+ ": expected 3 fields (unit,visits,admissions), found " + fields.length);
			}
			String unit = fields[0].strip();
			if (!OUTSIDE.equals(unit) && !knownUnits.contains(unit)) {
				throw new InvalidRequestException(HubMsg.code(5604) + "line " + lineNo + ": '" + unit
						+ "' is neither a member unit's code nor " + OUTSIDE);
			}
			if (lines.containsKey(unit)) {
				throw new InvalidRequestException(HubMsg.code(5605) + "line " + lineNo + ": " + unit
						+ " appears twice");
			}
			lines.put(unit, new Line(unit, number(fields[1], lineNo, VISITS), number(fields[2], lineNo, ADMISSIONS)));
		}
		if (!lines.containsKey(OUTSIDE)) {
			throw new InvalidRequestException(HubMsg.code(5606) + "the import has no line for " + OUTSIDE
					+ " (visits outside the county), which the rates need");
		}
		return new ArrayList<>(lines.values());
	}

	private static int number(String field, int lineNo, String column) {
		try {
			int value = Integer.parseInt(field.strip());
			if (value >= 0) {
				return value;
			}
		} catch (NumberFormatException e) {
			// reported below, with the line
		}
		throw new InvalidRequestException(HubMsg.code(5603) + "line " + lineNo + ": " + column
				+ " must be a whole number of at least 0, not '" + field.strip() + "'");
	}
}
