package org.countyhub.server.console.operations;

import jakarta.servlet.http.HttpSession;
import java.util.List;
import org.countyhub.feeds.intake.ReceivedMessages;
import org.countyhub.server.console.ConsoleUsers;
import org.countyhub.server.console.UnitLabels;
import org.countyhub.server.operations.JournalSearch;
import org.countyhub.server.operations.ReplayJobs;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * 重放: the chosen messages are listed for confirmation; confirmed, a job replays them in the background and its
 * page shows a progress bar (polled by htmx) and, when done, each message's answer.
 */
@OnEmbeddedSignIn
@Controller
class ReplayPages {

	/** Messages one replay takes at most. */
	static final int MAX_SELECTION = 500;

	private final JournalSearch search;
	private final ReplayJobs jobs;
	private final ConsoleUsers users;
	private final UnitLabels units;

	ReplayPages(JournalSearch search, ReplayJobs jobs, ConsoleUsers users, UnitLabels units) {
		this.search = search;
		this.jobs = jobs;
		this.users = users;
		this.units = units;
	}

	@PostMapping("/console/operations/replays/confirm")
	String confirm(@RequestParam(name = "id", required = false) List<Long> ids, Model model) {
		List<ReceivedMessages.Entry> entries = chosen(ids);
		model.addAttribute("entries", entries);
		model.addAttribute("units", units);
		model.addAttribute("times", Times.INSTANCE);
		model.addAttribute("error", entries.isEmpty() ? "请先勾选要重放的消息" : null);
		return "console/replay-confirm";
	}

	@PostMapping("/console/operations/replays")
	String start(@RequestParam(name = "id", required = false) List<Long> ids, HttpSession session) {
		List<ReceivedMessages.Entry> entries = chosen(ids);
		if (entries.isEmpty()) {
			return "redirect:/console/operations/messages";
		}
		String job = jobs.start(users.current(session).orElseThrow().username(), entries);
		return "redirect:/console/operations/replays/" + job;
	}

	@GetMapping("/console/operations/replays/{job}")
	String job(@PathVariable("job") String job, HttpSession session, Model model) {
		progress(job, session, model);
		return "console/replay";
	}

	@GetMapping("/console/operations/replays/{job}/progress")
	String progressOnly(@PathVariable("job") String job, HttpSession session, Model model) {
		progress(job, session, model);
		return "console/replay :: progress";
	}

	private void progress(String job, HttpSession session, Model model) {
		String actor = users.current(session).orElseThrow().username();
		model.addAttribute("job", jobs.find(job, actor)
				.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
		model.addAttribute("units", units);
	}

	private List<ReceivedMessages.Entry> chosen(List<Long> ids) {
		if (ids == null) {
			return List.of();
		}
		return search.entries(ids.stream().distinct().limit(MAX_SELECTION).toList());
	}
}
