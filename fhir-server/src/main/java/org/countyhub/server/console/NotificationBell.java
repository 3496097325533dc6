package org.countyhub.server.console;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.util.Date;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.countyhub.server.security.token.Roles;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The header's bell (消息): what waits for the acting unit — critical values not yet acknowledged (危急值,
 * docs/critical-values.md), referrals to receive, reading Tasks not yet claimed (for readers) and today's 互认决定
 * — counted through the hub's API, what the person may see. The header asks for it
 * with htmx when a page loads and every 30 seconds, so it changes without a page reload.
 */
@OnEmbeddedSignIn
@Controller
class NotificationBell {

	/** The counts the bell shows. */
	record Counts(int criticalValues, int referrals, int readings, int decisions, boolean reads) {
		public int total() {
			return criticalValues + referrals + readings;
		}
	}

	private final ConsoleUsers users;
	private final HubFhir hub;
	private final Clock clock;
	private final ConsoleProperties properties;

	NotificationBell(ConsoleUsers users, HubFhir hub, Clock clock, ConsoleProperties properties) {
		this.users = users;
		this.hub = hub;
		this.clock = clock;
		this.properties = properties;
	}

	@GetMapping("/console/notifications")
	String bell(HttpServletRequest request, HttpSession session, Model model) {
		ConsoleUser user = users.current(session).orElseThrow();
		if (user.actingUnit() == null) {
			model.addAttribute("counts", new Counts(0, 0, 0, 0, false));
			return "console/bell :: bell";
		}
		IGenericClient fhir = hub.client(request, user);
		String unit = "Organization/" + user.actingUnit();
		boolean reads = user.roles().contains(Roles.READING_PHYSICIAN);
		int criticalValues = count(fhir.search().forResource(Task.class).where(Task.OWNER.hasId(unit))
				.and(Task.CODE.exactly().systemAndCode(HubSystems.WORKFLOW, "critical-value"))
				.and(Task.STATUS.exactly().code("requested")).count(COUNTED).elementsSubset("id")
				.returnBundle(Bundle.class).execute());
		int referrals = count(fhir.search().forResource(Task.class).where(Task.OWNER.hasId(unit))
				.and(Task.CODE.exactly().systemAndCode(HubSystems.WORKFLOW, "referral"))
				.and(Task.STATUS.exactly().code("requested")).count(COUNTED).elementsSubset("id")
				.returnBundle(Bundle.class).execute());
		int readings = !reads ? 0 : count(fhir.search().forResource(Task.class).where(Task.OWNER.hasId(unit))
				.and(Task.CODE.exactly().systemAndCode(HubSystems.WORKFLOW, "remote-reading"))
				.and(Task.STATUS.exactly().code("requested")).count(COUNTED).elementsSubset("id")
				.returnBundle(Bundle.class).execute());
		Date today = Date.from(clock.instant().atZone(properties.zone()).toLocalDate().atStartOfDay(properties.zone())
				.toInstant());
		int decisions = count(fhir.search().forResource(Observation.class)
				.where(Observation.CODE.exactly().systemAndCode(HubSystems.OBSERVATION_CODE, "recognition-decision"))
				.and(Observation.PERFORMER.hasId(unit)).and(Observation.DATE.afterOrEquals().millis(today))
				.count(COUNTED).elementsSubset("id").returnBundle(Bundle.class).execute());
		model.addAttribute("counts", new Counts(criticalValues, referrals, readings, decisions, reads));
		return "console/bell :: bell";
	}

	/**
	 * What the person may see, counted (up to {@link #COUNTED}): under the 调阅 rules HAPI gives no totals and
	 * refuses {@code _summary=count}, as a total would tell about records left out (docs/access.md).
	 */
	private static int count(Bundle bundle) {
		return bundle.getEntry().size();
	}

	private static final int COUNTED = 100;
}
