package org.countyhub.server.console;

import jakarta.servlet.http.HttpSession;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.countyhub.server.security.token.Roles;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The console's entry: {@code /} leads to it, and a person with several units chooses the acting one. */
@OnEmbeddedSignIn
@Controller
class ConsolePages {

	private final ConsoleUsers users;
	private final UnitLabels units;

	ConsolePages(ConsoleUsers users, UnitLabels units) {
		this.users = users;
		this.units = units;
	}

	@GetMapping("/")
	String root() {
		return "redirect:/console";
	}

	@GetMapping("/console")
	String home(HttpSession session) {
		// an operator without a clinical role starts at the feeds; the bureau analyst, who acts for no unit and sees
		// no patient, at the 驾驶舱
		boolean operatorOnly = users.current(session).map(u -> ClinicalRecordGate.operatorOnly(u.roles()))
				.orElse(false);
		boolean analystOnly = users.current(session)
				.map(u -> u.roles().contains(Roles.BUREAU_ANALYST) && u.units().isEmpty()).orElse(false);
		return operatorOnly ? "redirect:/console/operations"
				: analystOnly ? "redirect:/console/indicators" : "redirect:/console/patients";
	}

	@GetMapping("/console/unit")
	String unitChoice(HttpSession session, Model model) {
		ConsoleUser user = users.current(session).orElseThrow();
		model.addAttribute("choices", units.of(user.units()));
		return "console/unit";
	}

	@PostMapping("/console/unit")
	String chooseUnit(@RequestParam(name = "unit", required = false) String unit, HttpSession session,
			Model model) {
		ConsoleUser user = users.current(session).orElseThrow();
		if (!users.choose(session, user, unit)) {
			model.addAttribute("choices", units.of(user.units()));
			model.addAttribute("error", "请选择您本次代表的单位");
			return "console/unit";
		}
		return "redirect:/console/patients";
	}
}
