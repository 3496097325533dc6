package org.countyhub.server.publichealth;

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
 * {@code GET /public-health/figures?month=2026-12[&unit=WSY01]} (JSON) and {@code /public-health/figures.csv} (UTF-8
 * with BOM), for the bureau analyst and the public-health officers; no patient data.
 */
@RestController
class PublicHealthFiguresController {

	private final PublicHealthFigures figures;
	private final PublicHealthProperties properties;

	PublicHealthFiguresController(PublicHealthFigures figures, PublicHealthProperties properties) {
		this.figures = figures;
		this.properties = properties;
	}

	record Figures(String month, String zone, List<PublicHealthFigures.Row> rows) {}

	@GetMapping(path = "/public-health/figures", produces = MediaType.APPLICATION_JSON_VALUE)
	Figures json(@RequestParam String month, @RequestParam Optional<String> unit) {
		YearMonth m = month(month);
		return new Figures(m.toString(), properties.zone().getId(), figures.month(m, unit));
	}

	@GetMapping(path = "/public-health/figures.csv")
	ResponseEntity<byte[]> csv(@RequestParam String month, @RequestParam Optional<String> unit) {
		YearMonth m = month(month);
		CsvText csv = new CsvText().row(List.of("month", "unit", "unit_name", "disease", "disease_name", "class",
				"class_name", "cards", "reported", "reported_in_time", "timeliness_percent", "withdrawn",
				"overdue_open"));
		for (PublicHealthFigures.Row row : figures.month(m, unit)) {
			csv.row(Arrays.asList(m.toString(), row.unit(), row.unitName(), row.disease(), row.diseaseName(),
					row.diseaseClass(), row.diseaseClassName(), String.valueOf(row.cards()),
					String.valueOf(row.reported()), String.valueOf(row.reportedInTime()),
					row.timeliness() == null ? "" : row.timeliness().toString(), String.valueOf(row.withdrawn()),
					String.valueOf(row.overdueOpen())));
		}
		return csv.download("public-health-figures-" + m + unit.map(u -> "-" + u).orElse("") + ".csv");
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
		return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON).body(Map.of("error", e.getMessage()));
	}

	private static YearMonth month(String month) {
		try {
			return YearMonth.parse(month);
		} catch (DateTimeParseException e) {
			throw new IllegalArgumentException(HubMsg.code(5769) + "month must be YYYY-MM, not '" + month + "'");
		}
	}
}
