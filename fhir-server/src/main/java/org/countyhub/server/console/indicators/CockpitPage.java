package org.countyhub.server.console.indicators;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.countyhub.server.console.ConsoleUser;
import org.countyhub.server.console.ConsoleUsers;
import org.countyhub.server.console.HubFhir;
import org.countyhub.server.console.UnitLabels;
import org.countyhub.server.indicators.IndicatorProperties;
import org.countyhub.server.indicators.IndicatorTargets;
import org.countyhub.server.rest.CsvText;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.countyhub.server.security.token.Roles;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;

/**
 * 驾驶舱 (role bureau-analyst, docs/indicators.md): the month's KPI cards against the county's targets with 环比 and
 * 同比, trend lines, the ranking of units, up/down referrals by unit, the referral flow, 互认 by category; each chart
 * with its table (the screen readers' view) and a CSV export; a figure leads to its per-unit table. Figures come
 * from the hub's {@code Measure/$evaluate-measure} called with the person's own token: aggregates only.
 */
@OnEmbeddedSignIn
@Controller
class CockpitPage {

	static final String VISITS = "primary-care-visit-share";
	static final String REFERRALS = "referrals";
	static final String RECOGNITION = "result-recognition";
	static final Map<String, String> CATEGORIES = Map.of("lab", "检验", "imaging", "影像", "ecg", "心电",
			"ultrasound", "超声", "pathology", "病理");

	/** A KPI card. */
	record Card(String label, String value, String target, Boolean met, String monthOnMonth, String yearOnYear,
			boolean missing, String measure, String group) {}

	/** A row of the ranking of units. */
	record UnitRow(String unit, String name, int visits, int primary, String share) {}

	/** Up and down referrals sent by a unit. */
	record ReferralRow(String unit, String name, int up, int down) {}

	/** Referrals along one route. */
	record FlowRow(String from, String to, int count) {}

	/** 互认 of one category. */
	record CategoryRow(String category, String label, int decisions, int recognised, String rate) {}

	/** One row of a per-unit table. */
	record DrillRow(String unit, String name, int count, int numerator, int denominator, String score) {}

	private final ConsoleUsers users;
	private final HubFhir hub;
	private final UnitLabels units;
	private final IndicatorTargets targets;
	private final IndicatorProperties properties;
	private final Clock clock;
	private final ObjectMapper json = new ObjectMapper();
	private final HttpClient http = HttpClient.newHttpClient();

	CockpitPage(ConsoleUsers users, HubFhir hub, UnitLabels units, IndicatorTargets targets,
			IndicatorProperties properties, Clock clock) {
		this.users = users;
		this.hub = hub;
		this.units = units;
		this.targets = targets;
		this.properties = properties;
		this.clock = clock;
	}

	@GetMapping("/console/indicators")
	String page(@RequestParam Optional<String> month, HttpSession session, HttpServletRequest request, Model model)
			throws JsonProcessingException {
		IGenericClient fhir = hub.client(request, analyst(session));
		YearMonth m = month(month);
		ReportFigures now = evaluate(fhir, m);
		ReportFigures previous = evaluate(fhir, m.minusMonths(1));
		ReportFigures yearBefore = evaluate(fhir, m.minusYears(1));

		List<Card> cards = new ArrayList<>();
		for (IndicatorTargets.Target t : targets.all()) {
			Optional<BigDecimal> value = now.score(t.measure(), t.group());
			boolean proportion = isShare(t);
			Boolean met = value.isEmpty() || t.target() == null ? null
					: t.higherIsBetter() ? value.get().doubleValue() >= t.target()
							: value.get().doubleValue() <= t.target();
			cards.add(new Card(t.label(), value.map(v -> Figures.format(v, proportion)).orElse("—"),
					t.target() == null ? null : Figures.format(BigDecimal.valueOf(t.target()), proportion), met,
					Figures.change(value, previous.score(t.measure(), t.group()), proportion),
					Figures.change(value, yearBefore.score(t.measure(), t.group()), proportion),
					!now.complete(t.measure()), t.measure(), t.group()));
		}

		List<UnitRow> ranking = new ArrayList<>();
		for (ReportFigures.Stratum s : now.strata(VISITS, "share", "unit")) {
			ranking.add(new UnitRow(s.value(), units.name(s.value()), s.count("denominator"), s.count("numerator"),
					s.score() == null ? "—" : Figures.format(s.score(), true)));
		}
		ranking.sort(Comparator.comparingInt(UnitRow::visits).reversed().thenComparing(UnitRow::unit));

		Map<String, ReferralRow> byUnit = new LinkedHashMap<>();
		now.strata(REFERRALS, "up", "unit").forEach(s -> byUnit.merge(s.value(),
				new ReferralRow(s.value(), units.name(s.value()), s.count("initial-population"), 0), CockpitPage::sum));
		now.strata(REFERRALS, "down", "unit").forEach(s -> byUnit.merge(s.value(),
				new ReferralRow(s.value(), units.name(s.value()), 0, s.count("initial-population")), CockpitPage::sum));

		List<FlowRow> flows = new ArrayList<>();
		for (String group : List.of("up", "down")) {
			for (ReportFigures.Stratum s : now.strata(REFERRALS, group, "route")) {
				String[] ends = s.value().split(">", 2);
				if (ends.length == 2) {
					flows.add(new FlowRow(units.name(ends[0]), units.name(ends[1]), s.count("initial-population")));
				}
			}
		}

		List<CategoryRow> categories = new ArrayList<>();
		for (ReportFigures.Stratum s : now.strata(RECOGNITION, "recognition-rate", "category")) {
			categories.add(new CategoryRow(s.value(), CATEGORIES.getOrDefault(s.value(), s.value()),
					s.count("denominator"), s.count("numerator"),
					s.score() == null ? "—" : Figures.format(s.score(), true)));
		}

		Map<String, Object> trend = trend(fhir, m);
		model.addAttribute("month", m.toString());
		model.addAttribute("months", recentMonths());
		model.addAttribute("cards", cards);
		model.addAttribute("ranking", ranking);
		model.addAttribute("referrals", new ArrayList<>(byUnit.values()));
		model.addAttribute("flows", flows);
		model.addAttribute("categories", categories);
		model.addAttribute("trend", trend);
		model.addAttribute("inCountyMissing", !now.complete("in-county-visit-rate"));
		model.addAttribute("charts", json.writeValueAsString(Map.of(
				"trend", trend,
				"ranking", ranking,
				"referrals", byUnit.values(),
				"flows", flows,
				"categories", categories)));
		return "console/indicators";
	}

	@GetMapping("/console/indicators/units")
	String units(@RequestParam String month, @RequestParam String measure, @RequestParam String group,
			HttpSession session, HttpServletRequest request, Model model) {
		IGenericClient fhir = hub.client(request, analyst(session));
		YearMonth m = month(Optional.of(month));
		ReportFigures figures = evaluate(fhir, m);
		Optional<IndicatorTargets.Target> target = targets.all().stream()
				.filter(t -> t.measure().equals(measure) && t.group().equals(group)).findFirst();
		boolean proportion = target.map(CockpitPage::isShare).orElse(true);
		List<DrillRow> rows = new ArrayList<>();
		for (ReportFigures.Stratum s : figures.strata(measure, group, "unit")) {
			rows.add(new DrillRow(s.value(), units.name(s.value()), s.count("initial-population"),
					s.count("numerator"), s.count("denominator"),
					s.score() == null ? "—" : Figures.format(s.score(), proportion)));
		}
		model.addAttribute("month", m.toString());
		model.addAttribute("measure", measure);
		model.addAttribute("group", group);
		model.addAttribute("label", target.map(IndicatorTargets.Target::label).orElse(measure + " · " + group));
		model.addAttribute("rows", rows);
		model.addAttribute("missing", !figures.complete(measure));
		return "console/indicator-units";
	}

	/** A table of the hub's figures as CSV, fetched with the person's token from {@code /indicators/figures.csv}. */
	@GetMapping("/console/indicators/figures.csv")
	ResponseEntity<byte[]> figuresCsv(@RequestParam String month, @RequestParam Optional<String> measure,
			@RequestParam Optional<String> group, @RequestParam Optional<String> stratifier, HttpSession session,
			HttpServletRequest request) throws IOException, InterruptedException {
		analyst(session);
		StringBuilder query = new StringBuilder("month=").append(encode(month(Optional.of(month)).toString()));
		measure.ifPresent(v -> query.append("&measure=").append(encode(v)));
		group.ifPresent(v -> query.append("&group=").append(encode(v)));
		stratifier.ifPresent(v -> query.append("&stratifier=").append(encode(v)));
		HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(
						URI.create(hub.hubAddress() + "/indicators/figures.csv?" + query))
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + hub.accessToken(request)).GET().build(),
				HttpResponse.BodyHandlers.ofByteArray());
		return ResponseEntity.status(answer.statusCode())
				.contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
				.header(HttpHeaders.CONTENT_DISPOSITION, answer.headers().firstValue(HttpHeaders.CONTENT_DISPOSITION)
						.orElse("attachment; filename=\"indicators.csv\""))
				.body(answer.body());
	}

	/** The trend table (months × indicators) as CSV. */
	@GetMapping("/console/indicators/trend.csv")
	ResponseEntity<byte[]> trendCsv(@RequestParam String month, HttpSession session, HttpServletRequest request) {
		IGenericClient fhir = hub.client(request, analyst(session));
		Map<String, Object> trend = trend(fhir, month(Optional.of(month)));
		@SuppressWarnings("unchecked")
		List<String> months = (List<String>) trend.get("months");
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> series = (List<Map<String, Object>>) trend.get("series");
		List<String> header = new ArrayList<>(List.of("indicator"));
		header.addAll(months);
		CsvText csv = new CsvText().row(header);
		for (Map<String, Object> line : series) {
			List<String> row = new ArrayList<>(List.of(String.valueOf(line.get("name"))));
			((List<?>) line.get("data")).forEach(v -> row.add(v == null ? "" : v.toString()));
			csv.row(row);
		}
		return csv.download("indicator-trend-" + month + ".csv");
	}

	/** The month's out-of-county file, uploaded from the page, through the hub's import operation. */
	@PostMapping("/console/indicators/out-of-county")
	String upload(@RequestParam String month, @RequestParam("file") MultipartFile file, HttpSession session,
			HttpServletRequest request, Model model) throws IOException, JsonProcessingException {
		IGenericClient fhir = hub.client(request, analyst(session));
		YearMonth m = month(Optional.of(month));
		Parameters in = new Parameters();
		in.addParameter().setName("month").setValue(new StringType(m.toString()));
		in.addParameter().setName("csv").setValue(new StringType(new String(file.getBytes(), StandardCharsets.UTF_8)));
		try {
			fhir.operation().onType("MeasureReport").named("$import-out-of-county").withParameters(in).execute();
		} catch (ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException e) {
			model.addAttribute("uploadError", Figures.outcomeText(e));
			return page(Optional.of(m.toString()), session, request, model);
		}
		return "redirect:/console/indicators?month=" + m + "&imported";
	}

	private ConsoleUser analyst(HttpSession session) {
		ConsoleUser user = users.current(session).orElseThrow();
		if (!user.roles().contains(Roles.BUREAU_ANALYST)) {
			throw new ResponseStatusException(HttpStatus.FORBIDDEN, "驾驶舱仅限卫健局/医共体管理中心分析人员");
		}
		return user;
	}

	private Map<String, Object> trend(IGenericClient fhir, YearMonth last) {
		List<String> months = new ArrayList<>();
		Map<String, List<Double>> values = new LinkedHashMap<>();
		List<IndicatorTargets.Target> shares = targets.all().stream().filter(CockpitPage::isShare).toList();
		shares.forEach(t -> values.put(t.label(), new ArrayList<>()));
		for (int i = properties.trendMonths() - 1; i >= 0; i--) {
			YearMonth m = last.minusMonths(i);
			ReportFigures figures = evaluate(fhir, m);
			months.add(m.toString());
			for (IndicatorTargets.Target t : shares) {
				values.get(t.label()).add(figures.score(t.measure(), t.group())
						.map(v -> Math.round(v.doubleValue() * 1000) / 10.0).orElse(null));
			}
		}
		List<Map<String, Object>> series = new ArrayList<>();
		values.forEach((name, data) -> {
			Map<String, Object> line = new LinkedHashMap<>();
			line.put("name", name);
			line.put("data", data);
			series.add(line);
		});
		Map<String, Object> trend = new LinkedHashMap<>();
		trend.put("months", months);
		trend.put("series", series);
		return trend;
	}

	private static ReportFigures evaluate(IGenericClient fhir, YearMonth month) {
		return new ReportFigures(fhir.operation().onType("Measure").named("$evaluate-measure")
				.withParameter(Parameters.class, "month", new StringType(month.toString())).useHttpGet()
				.returnResourceType(Bundle.class).execute());
	}

	/** A share (shown in %) rather than a count: every target group scored as a proportion but the counts. */
	private static boolean isShare(IndicatorTargets.Target t) {
		return !(REFERRALS.equals(t.measure()) && ("up".equals(t.group()) || "down".equals(t.group())));
	}

	private YearMonth month(Optional<String> month) {
		try {
			return month.filter(s -> !s.isBlank()).map(YearMonth::parse)
					.orElse(thisMonth());
		} catch (java.time.format.DateTimeParseException e) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "月份格式应为 YYYY-MM");
		}
	}

	/** The running month in the county's time zone. */
	private YearMonth thisMonth() {
		return YearMonth.from(clock.instant().atZone(properties.zone()));
	}

	private List<String> recentMonths() {
		YearMonth now = thisMonth();
		List<String> months = new ArrayList<>();
		for (int i = 0; i < 24; i++) {
			months.add(now.minusMonths(i).toString());
		}
		return months;
	}

	private static ReferralRow sum(ReferralRow a, ReferralRow b) {
		return new ReferralRow(a.unit(), a.name(), a.up() + b.up(), a.down() + b.down());
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}
}
