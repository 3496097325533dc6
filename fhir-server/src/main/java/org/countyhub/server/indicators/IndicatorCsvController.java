package org.countyhub.server.indicators;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.countyhub.server.rest.CsvText;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * For spreadsheets (role bureau-analyst): {@code GET /indicators/figures.csv?month=2026-11[&measure=&group=&stratifier=]}
 * as UTF-8 CSV with a byte order mark, and {@code POST /indicators/out-of-county?month=2026-11} with the month's
 * out-of-county file as the body ({@code text/csv}).
 */
@RestController
class IndicatorCsvController {

	private final IndicatorReports reports;
	private final OutOfCountyVisits imports;
	private final MemberUnits units;

	IndicatorCsvController(IndicatorReports reports, OutOfCountyVisits imports, MemberUnits units) {
		this.reports = reports;
		this.imports = imports;
		this.units = units;
	}

	@GetMapping(path = "/indicators/figures.csv")
	ResponseEntity<byte[]> csv(@RequestParam String month, @RequestParam Optional<String> measure,
			@RequestParam Optional<String> group, @RequestParam Optional<String> stratifier) {
		ReportMonth m = reports.month(month);
		CsvText csv = new CsvText().row(FigureTable.HEADER);
		Map<String, String> names = units.named().values().stream()
				.collect(Collectors.toMap(MemberUnits.Unit::id, u -> u.name() == null ? "" : u.name()));
		for (FigureTable.Row row : FigureTable.rows(reports.all(m), measure, group, stratifier, names)) {
			csv.row(row.fields());
		}
		return csv.download("indicators-" + m + measure.map(s -> "-" + s).orElse("") + group.map(s -> "-" + s).orElse("")
				+ stratifier.map(s -> "-" + s).orElse("") + ".csv");
	}

	@PostMapping(path = "/indicators/out-of-county", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> importFile(@RequestParam String month, @RequestBody String body) {
		ReportMonth m = reports.month(month);
		List<OutOfCountyVisits.Line> lines = imports.importMonth(m, body);
		reports.forget(m);
		return Map.of("month", m.toString(), "lines", lines.size());
	}

	@ExceptionHandler(BaseServerResponseException.class)
	ResponseEntity<Map<String, String>> refused(BaseServerResponseException e) {
		return ResponseEntity.status(e.getStatusCode()).contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("error", e.getMessage()));
	}
}
