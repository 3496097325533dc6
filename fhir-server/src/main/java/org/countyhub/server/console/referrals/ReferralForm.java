package org.countyhub.server.console.referrals;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A new referral as typed in the 360 view: 上转/下转, the receiving unit, the reason, the priority and, for a
 * down-referral, the follow-up plan the hub requires (docs/workflows.md §1). Bound from the form's fields.
 */
record ReferralForm(String direction, String to, String reason, String priority, String plan) {

	ReferralForm {
		direction = trim(direction);
		to = trim(to);
		reason = trim(reason);
		priority = "urgent".equals(trim(priority)) ? "urgent" : "routine";
		plan = trim(plan);
	}

	static ReferralForm empty() {
		return new ReferralForm("up", "", "", "routine", "");
	}

	Map<String, String> problems(String actingUnit, java.util.Set<String> units) {
		Map<String, String> problems = new LinkedHashMap<>();
		if (!"up".equals(direction) && !"down".equals(direction)) {
			problems.put("direction", "请选择上转或下转");
		}
		if (!units.contains(to)) {
			problems.put("to", "请选择接收单位");
		} else if (to.equals(actingUnit)) {
			problems.put("to", "接收单位不能是本单位");
		}
		if (reason.isEmpty()) {
			problems.put("reason", "请填写转诊原因");
		} else if (reason.length() > 500) {
			problems.put("reason", "转诊原因不超过500字");
		}
		if ("down".equals(direction) && plan.isEmpty()) {
			problems.put("plan", "下转须填写随访计划");
		}
		return problems;
	}

	private static String trim(String value) {
		return value == null ? "" : value.strip();
	}
}
