package org.countyhub.server.console.operations;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.countyhub.server.console.UnitLabels;
import org.countyhub.server.operations.JournalSearch;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.countyhub.server.validation.OutputFindings;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * 发现: what the after-ACK conformance checker found in stored feed output, counted by unit and rule, then each
 * finding with the message that wrote the version (a link to it in the message browser) and the version itself.
 */
@OnEmbeddedSignIn
@Controller
class FindingsPage {

	private static final int LIMIT = 500;

	/** A finding with the journal entry of its message (null when the journal holds none). */
	record Row(OutputFindings.Finding finding, Long messageId) {}

	/** How many findings a unit has of one rule. */
	record Tally(String unit, String rule, long count) {}

	private final OutputFindings findings;
	private final JournalSearch journal;
	private final UnitLabels units;

	FindingsPage(OutputFindings findings, JournalSearch journal, UnitLabels units) {
		this.findings = findings;
		this.journal = journal;
		this.units = units;
	}

	@GetMapping("/console/operations/findings")
	String page(Model model) {
		List<OutputFindings.Finding> all = findings.findings(LIMIT);
		Map<String, Map<String, Long>> counts = all.stream().collect(Collectors.groupingBy(
				OutputFindings.Finding::unit, TreeMap::new,
				Collectors.groupingBy(f -> f.uncheckable() ? "无法检查" : f.rule(), TreeMap::new, Collectors.counting())));
		List<Tally> tallies = counts.entrySet().stream().flatMap(unit -> unit.getValue().entrySet().stream()
				.map(rule -> new Tally(unit.getKey(), rule.getKey(), rule.getValue()))).toList();
		model.addAttribute("tallies", tallies);
		model.addAttribute("rows", all.stream().map(f -> new Row(f,
				f.controlId().isEmpty() ? null : journal.idOf(f.unit(), f.controlId()).orElse(null))).toList());
		model.addAttribute("backlog", findings.backlog());
		model.addAttribute("units", units);
		model.addAttribute("times", Times.INSTANCE);
		return "console/findings";
	}
}
