package org.countyhub.server.recognition.figures;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.countyhub.profiles.HubMsg;
import org.countyhub.server.recognition.RecognitionProperties;
import org.countyhub.server.rest.CsvText;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The figures for the management centre: {@code GET /recognition/figures?month=2026-11[&unit=XRMYY]} as JSON
 * (documented in docs/recognition.md) and {@code GET /recognition/figures.csv?...} as a UTF-8 CSV (with a byte
 * order mark, so that spreadsheet programs set to a Chinese locale read the Chinese names correctly).
 */
@RestController
class RecognitionFiguresController {

	private final RecognitionFigures figures;
	private final RecognitionProperties properties;

	RecognitionFiguresController(RecognitionFigures figures, RecognitionProperties properties) {
		this.figures = figures;
		this.properties = properties;
	}

	/** The JSON document: month, zone and one row per unit and item. */
	record Figures(String month, String zone, List<FigureRow> rows) {}

	@GetMapping(path = "/recognition/figures", produces = MediaType.APPLICATION_JSON_VALUE)
	Figures json(@RequestParam String month, @RequestParam Optional<String> unit) {
		YearMonth m = month(month);
		return new Figures(m.toString(), properties.zone().getId(), figures.month(m, unit));
	}

	@GetMapping(path = "/recognition/figures.csv")
	ResponseEntity<byte[]> csv(@RequestParam String month, @RequestParam Optional<String> unit) {
		YearMonth m = month(month);
		CsvText csv = new CsvText().row(List.of("month", "unit", "unit_name", "item", "item_name", "results_available",
				"orders_with_prior_result", "recognised", "not_recognised", "not_recognised_by_reason", "tests_avoided",
				"cost_avoided_cny"));
		for (FigureRow row : figures.month(m, unit)) {
			csv.row(Arrays.asList(
					m.toString(),
					row.unit(),
					row.unitName(),
					row.item(),
					row.itemName(),
					String.valueOf(row.resultsAvailable()),
					String.valueOf(row.ordersWithPriorResult()),
					String.valueOf(row.recognised()),
					String.valueOf(row.notRecognised()),
					reasons(row.notRecognisedByReason()),
					String.valueOf(row.testsAvoided()),
					row.costAvoided() == null ? "" : row.costAvoided().toPlainString()));
		}
		return csv.download("recognition-figures-" + m + unit.map(u -> "-" + u).orElse("") + ".csv");
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
		return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON).body(Map.of("error", e.getMessage()));
	}

	private static YearMonth month(String month) {
		try {
			return YearMonth.parse(month);
		} catch (DateTimeParseException e) {
			throw new IllegalArgumentException(HubMsg.code(4030) + "month must be YYYY-MM, not '" + month + "'");
		}
	}

	private static String reasons(Map<String, Integer> byReason) {
		return byReason.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";"));
	}
}
