package org.countyhub.server.indicators;

import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.countyhub.county.CountyDirectory;
import org.countyhub.profiles.HubMsg;
import org.countyhub.server.workflow.WorkflowStore;
import org.springframework.stereotype.Component;

/**
 * Computes the indicators of a month. The running month is computed on every call; a closed month is reused
 * for {@code hub.indicators.cache-for} (the 驾驶舱 page asks for a year of months at once), so data that arrives
 * late for it shows once that time has passed, and an import of out-of-county visits drops the month at once.
 */
@Component
public class IndicatorReports {

	private record Computed(Instant at, List<MonthFigures> figures) {}

	private final List<Indicator> indicators;
	private final IndicatorMeasures measures;
	private final CountyDirectory directory;
	private final WorkflowStore store;
	private final IndicatorProperties properties;
	private final Clock clock;
	private final Map<String, Computed> cache = new ConcurrentHashMap<>();

	IndicatorReports(List<Indicator> indicators, IndicatorMeasures measures, CountyDirectory directory,
			WorkflowStore store, IndicatorProperties properties, Clock clock) {
		this.indicators = indicators;
		this.measures = measures;
		this.directory = directory;
		this.store = store;
		this.properties = properties;
		this.clock = clock;
		List<String> missing = measures.all().keySet().stream()
				.filter(id -> indicators.stream().noneMatch(i -> i.measureId().equals(id))).toList();
		if (!missing.isEmpty()) {
			throw new IllegalStateException("Measures of the guide without a computation: " + missing);
		}
	}

	public ReportMonth month(String text) {
		return ReportMonth.parse(text, properties.zone());
	}

	public IndicatorProperties properties() {
		return properties;
	}

	/** Every Measure's figures for the month, in the guide's order. */
	public List<MonthFigures> all(ReportMonth month) {
		Computed computed = cache.get(month.toString());
		Instant now = clock.instant();
		// the month still running is always computed afresh; a closed month is reused for cache-for
		boolean running = month.end().isAfter(now);
		if (computed == null || running || computed.at().plus(properties.cacheFor()).isBefore(now)
				|| properties.cacheFor().isZero()) {
			UnitTypes types = new UnitTypes(directory, store);
			List<MonthFigures> figures = new ArrayList<>();
			for (String id : measures.all().keySet()) {
				Indicator indicator = indicators.stream().filter(i -> i.measureId().equals(id)).findFirst().orElseThrow();
				figures.add(new MonthFigures(id, month, indicator.hasInput(month), indicator.compute(month, types)));
			}
			computed = new Computed(now, List.copyOf(figures));
			cache.put(month.toString(), computed);
		}
		return computed.figures();
	}

	/** One Measure's figures for the month. */
	public MonthFigures one(String measureId, ReportMonth month) {
		if (measures.measure(measureId).isEmpty()) {
			throw new ResourceNotFoundException(HubMsg.code(5607) + "no indicator Measure '" + measureId + "'; the"
					+ " hub's are " + measures.all().keySet());
		}
		return all(month).stream().filter(f -> f.measureId().equals(measureId)).findFirst().orElseThrow();
	}

	/** Forgets a month (its input changed). */
	public void forget(ReportMonth month) {
		cache.remove(month.toString());
	}
}
