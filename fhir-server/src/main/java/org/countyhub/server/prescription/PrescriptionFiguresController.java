package org.countyhub.server.prescription;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.countyhub.profiles.HubMsg;
import org.countyhub.server.rest.CsvText;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /prescriptions/figures?month=2026-12[&unit=WSY01]} (JSON) and {@code /prescriptions/figures.csv} (UTF-8
 * with BOM), for the bureau analyst and the pharmacists; no patient data.
 */
@RestController
class PrescriptionFiguresController {

	private final PrescriptionFigures figures;
	private final PrescriptionProperties properties;

	PrescriptionFiguresController(PrescriptionFigures figures, PrescriptionProperties properties) {
		this.figures = figures;
		this.properties = properties;
	}

	record Figures(String month, String zone, List<PrescriptionFigures.Row> rows) {}

	@GetMapping(path = "/prescriptions/figures", produces = MediaType.APPLICATION_JSON_VALUE)
	Figures json(@RequestParam String month, @RequestParam Optional<String> unit) {
		YearMonth m = month(month);
		return new Figures(m.toString(), properties.zone().getId(), figures.month(m, unit));
	}

	@GetMapping(path = "/prescriptions/figures.csv")
	ResponseEntity<byte[]> csv(@RequestParam String month, @RequestParam Optional<String> unit) {
		YearMonth m = month(month);
		CsvText csv = new CsvText().row(List.of("month", "unit", "unit_name", "prescriptions", "approved",
				"auto_approved", "auto_approved_percent", "returns", "returns_by_reason", "waiting",
				"median_review_minutes", "longest_review_minutes", "shortages", "shortages_fulfilled",
				"mean_hours_to_fulfil"));
		for (PrescriptionFigures.Row row : figures.month(m, unit)) {
			List<String> fields = new ArrayList<>(List.of(m.toString(), row.unit(),
					row.unitName() == null ? "" : row.unitName(), String.valueOf(row.prescriptions()),
					String.valueOf(row.approved()), String.valueOf(row.autoApproved()), text(row.autoApprovedPercent()),
					String.valueOf(row.returns()), reasons(row.returnsByReason()), String.valueOf(row.waiting()),
					text(row.medianReviewMinutes()), text(row.longestReviewMinutes()), String.valueOf(row.shortages()),
					String.valueOf(row.shortagesFulfilled()), text(row.meanHoursToFulfil())));
			csv.row(fields);
		}
		return csv.download("prescription-figures-" + m + unit.map(u -> "-" + u).orElse("") + ".csv");
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
		return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON).body(Map.of("error", e.getMessage()));
	}

	private static String text(Double value) {
		return value == null ? "" : value.toString();
	}

	/** {@code dose:2;duplicate:1} */
	private static String reasons(Map<String, Integer> reasons) {
		return reasons.entrySet().stream().sorted(Map.Entry.comparingByKey())
				.map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(";"));
	}

	private static YearMonth month(String month) {
		try {
			return YearMonth.parse(month);
		} catch (DateTimeParseException e) {
			throw new IllegalArgumentException(HubMsg.code(5898) + "month must be YYYY-MM, not '" + month + "'");
		}
	}
}
