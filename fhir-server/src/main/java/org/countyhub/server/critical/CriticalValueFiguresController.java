package org.countyhub.server.critical;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.countyhub.profiles.HubMsg;
import org.countyhub.server.rest.CsvText;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /critical-values/figures?month=2026-12[&unit=WSY01]} (JSON, with the unacknowledged list) and
 * {@code /critical-values/figures.csv} (UTF-8 with BOM, one row per unit), for the bureau analyst; no patient data.
 */
@RestController
class CriticalValueFiguresController {

	private final CriticalValueFigures figures;
	private final CriticalValueProperties properties;

	CriticalValueFiguresController(CriticalValueFigures figures, CriticalValueProperties properties) {
		this.figures = figures;
		this.properties = properties;
	}

	record Figures(String month, String zone, List<CriticalValueFigures.Row> rows,
			List<CriticalValueFigures.Unacknowledged> unacknowledged) {}

	@GetMapping(path = "/critical-values/figures", produces = MediaType.APPLICATION_JSON_VALUE)
	Figures json(@RequestParam String month, @RequestParam Optional<String> unit) {
		YearMonth m = month(month);
		CriticalValueFigures.Month figuresOfMonth = figures.month(m, unit);
		return new Figures(m.toString(), properties.zone().getId(), figuresOfMonth.rows(),
				figuresOfMonth.unacknowledged());
	}

	@GetMapping(path = "/critical-values/figures.csv")
	ResponseEntity<byte[]> csv(@RequestParam String month, @RequestParam Optional<String> unit) {
		YearMonth m = month(month);
		CsvText csv = new CsvText().row(List.of("month", "unit", "unit_name", "loops", "notified_in_time",
				"notified_in_time_percent", "acknowledged", "acknowledge_median_minutes", "acknowledge_p90_minutes",
				"escalated", "closed_by_correction", "open"));
		for (CriticalValueFigures.Row row : figures.month(m, unit).rows()) {
			csv.row(Arrays.asList(m.toString(), row.unit(), row.unitName(), String.valueOf(row.loops()),
					String.valueOf(row.notifiedInTime()), string(row.notifiedInTimePercent()),
					String.valueOf(row.acknowledged()), string(row.acknowledgeMedianMinutes()),
					string(row.acknowledgeP90Minutes()), String.valueOf(row.escalated()),
					String.valueOf(row.closedByCorrection()), String.valueOf(row.open())));
		}
		return csv.download("critical-value-figures-" + m + unit.map(u -> "-" + u).orElse("") + ".csv");
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
		return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON).body(Map.of("error", e.getMessage()));
	}

	private static String string(Double value) {
		return value == null ? "" : value.toString();
	}

	private static YearMonth month(String month) {
		try {
			return YearMonth.parse(month);
		} catch (DateTimeParseException e) {
			throw new IllegalArgumentException(HubMsg.code(5789) + "month must be YYYY-MM, not '" + month + "'");
		}
	}
}
