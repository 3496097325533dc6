package org.countyhub.server.console.operations;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.countyhub.feeds.intake.MessageSpool;
import org.countyhub.server.console.UnitLabels;
import org.countyhub.server.operations.FeedOverview;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.countyhub.server.validation.OutputFindings;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * 运维总览: each unit's feed lines with today's and the last hour's figures, the refusals per hour as a heatmap,
 * the MLLP listener and database health and the conformance backlog; {@code /figures} answers the figures alone,
 * which the page polls (htmx) to stay live.
 */
@OnEmbeddedSignIn
@Controller
class DashboardPage {

	/** Seconds between the page's refreshes. */
	static final int REFRESH_SECONDS = 10;
	private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH").withZone(ZoneId.of("Asia/Shanghai"));

	/** A health probe's state as the page shows it. */
	record Health(String name, boolean up, String state) {}

	private final FeedOverview overview;
	private final OutputFindings findings;
	private final UnitLabels units;
	private final ObjectProvider<HealthEndpoint> health;
	private final ObjectProvider<MessageSpool> spool;

	DashboardPage(FeedOverview overview, OutputFindings findings, UnitLabels units,
			ObjectProvider<HealthEndpoint> health, ObjectProvider<MessageSpool> spool) {
		this.overview = overview;
		this.findings = findings;
		this.units = units;
		this.health = health;
		this.spool = spool;
	}

	@GetMapping("/console/operations")
	String page(Model model) {
		figures(model);
		return "console/operations";
	}

	@GetMapping("/console/operations/figures")
	String figuresOnly(Model model) {
		figures(model);
		return "console/operations :: figures";
	}

	private void figures(Model model) {
		FeedOverview.Snapshot snapshot = overview.now();
		model.addAttribute("snapshot", snapshot);
		model.addAttribute("units", units);
		model.addAttribute("refreshSeconds", REFRESH_SECONDS);
		model.addAttribute("hours", snapshot.heatmap().hours().stream().map(HOUR::format).toList());
		model.addAttribute("times", Times.INSTANCE);
		model.addAttribute("health", List.of(probe("mllp", "MLLP 接收端口"), probe("db", "数据库")));
		model.addAttribute("backlog", findings.backlog());
		MessageSpool files = spool.getIfAvailable();
		model.addAttribute("spoolFiles", files == null ? 0 : files.pending().size());
	}

	private Health probe(String name, String label) {
		HealthEndpoint endpoint = health.getIfAvailable();
		HealthComponent probe = endpoint == null ? null : endpoint.healthForPath(name);
		if (probe != null) {
			String status = probe.getStatus().getCode();
			return new Health(label, "UP".equals(status), "UP".equals(status) ? "正常" : "异常（" + status + "）");
		}
		return new Health(label, false, "未知");
	}

	/** The heatmap cell's colour class: 0 none, then four steps up to the largest count. */
	static String heat(long count, long max) {
		if (count == 0 || max == 0) {
			return "heat-0";
		}
		return "heat-" + Math.max(1, Math.min(4, (int) Math.ceil(count * 4.0 / max)));
	}
}
