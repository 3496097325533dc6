package org.countyhub.server.console.patients;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Map;
import org.countyhub.server.console.ConsoleUser;
import org.countyhub.server.console.ConsoleUsers;
import org.countyhub.server.console.HubFhir;
import org.countyhub.server.console.UnitLabels;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** 患者查找: by 身份证号, by name (+ birth date), or by a unit's 门诊号/住院号; each person with every unit's record. */
@OnEmbeddedSignIn
@Controller
class PatientSearchPage {

	private final ConsoleUsers users;
	private final HubFhir hub;
	private final PatientRecords records;
	private final UnitLabels units;

	PatientSearchPage(ConsoleUsers users, HubFhir hub, PatientRecords records, UnitLabels units) {
		this.users = users;
		this.hub = hub;
		this.records = records;
		this.units = units;
	}

	@GetMapping("/console/patients")
	String search(@RequestParam(name = "idCard", required = false) String idCard,
			@RequestParam(name = "name", required = false) String name,
			@RequestParam(name = "birthDate", required = false) String birthDate,
			@RequestParam(name = "mrn", required = false) String mrn,
			@RequestParam(name = "mrnUnit", required = false) String mrnUnit,
			HttpServletRequest request, HttpSession session, Model model) {
		ConsoleUser user = users.current(session).orElseThrow();
		PatientQuery query = new PatientQuery(idCard, name, birthDate, mrn, mrnUnit);
		model.addAttribute("query", query);
		model.addAttribute("units", units.all());
		Map<String, String> problems = query.problems();
		model.addAttribute("problems", problems);
		boolean asked = !query.empty() || !query.mrnUnit().isEmpty();
		model.addAttribute("asked", asked);
		if (asked && problems.isEmpty()) {
			model.addAttribute("people", records.find(hub.client(request, user), query));
		}
		return "console/patients";
	}
}
