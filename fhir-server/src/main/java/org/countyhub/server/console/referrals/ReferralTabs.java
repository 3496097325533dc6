package org.countyhub.server.console.referrals;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The inbox's tabs: 收件/发件 (the acting unit receives or sent), 上转/下转, and the states people speak of —
 * 待接收, 已接收, 已预约 (accepted with a booking), 已到诊, 已退回, 已完成 — each with the referral Task statuses it asks for.
 */
record ReferralTabs(String box, String direction, String state) {

	static final Map<String, String> BOXES = ordered("in", "收到的转诊", "out", "发出的转诊");
	static final Map<String, String> DIRECTIONS = ordered("up", "上转", "down", "下转");
	static final Map<String, String> STATES = ordered("requested", "待接收", "accepted", "已接收", "booked", "已预约",
			"in-progress", "已到诊", "rejected", "已退回", "completed", "已完成");

	ReferralTabs {
		box = BOXES.containsKey(box) ? box : "in";
		direction = DIRECTIONS.containsKey(direction) ? direction : "up";
		state = STATES.containsKey(state) ? state : "requested";
	}

	/** The Task status searched for: 已预约 is an accepted referral with a booking. */
	String taskStatus() {
		return "booked".equals(state) ? "accepted" : state;
	}

	private static Map<String, String> ordered(String... pairs) {
		Map<String, String> map = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			map.put(pairs[i], pairs[i + 1]);
		}
		return map;
	}
}
