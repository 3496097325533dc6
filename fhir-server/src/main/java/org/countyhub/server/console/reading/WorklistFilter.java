package org.countyhub.server.console.reading;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The worklist's filters: 状态 (open, 待诊断, 已领取, 已出报告), 检查类型 (a DICOM modality), 申请单位 (a unit's code)
 * the order (紧急程度, 等待最久, 最新申请) and the page (from 1). Unknown values fall back to the defaults.
 */
record WorklistFilter(String status, String modality, String unit, String sort, Integer page) {

	/** 状态 choices and the Task statuses each asks {@code $worklist} for. */
	static final Map<String, String> STATUSES = statuses();
	static final Map<String, String> STATUS_NAMES = Map.of("open", "未完成", "waiting", "待诊断", "claimed", "已领取",
			"reported", "已出报告");
	/** The 状态 choices in the order the form lists them. */
	static final Map<String, String> STATUS_CHOICES = choices();
	static final Map<String, String> SORTS = sorts();

	WorklistFilter {
		status = STATUSES.containsKey(status) ? status : "open";
		modality = modality == null ? "" : modality.strip();
		unit = unit == null ? "" : unit.strip();
		sort = SORTS.containsKey(sort) ? sort : "priority";
		page = page == null || page < 1 ? 1 : page;
	}

	String taskStatuses() {
		return STATUSES.get(status);
	}

	private static Map<String, String> statuses() {
		Map<String, String> statuses = new LinkedHashMap<>();
		statuses.put("open", "requested,accepted,in-progress");
		statuses.put("waiting", "requested,accepted");
		statuses.put("claimed", "in-progress");
		statuses.put("reported", "completed");
		return statuses;
	}

	private static Map<String, String> choices() {
		Map<String, String> choices = new LinkedHashMap<>();
		STATUSES.keySet().forEach(key -> choices.put(key, STATUS_NAMES.get(key)));
		return choices;
	}

	private static Map<String, String> sorts() {
		Map<String, String> sorts = new LinkedHashMap<>();
		sorts.put("priority", "紧急程度");
		sorts.put("waiting", "等待最久");
		sorts.put("newest", "最新申请");
		return sorts;
	}
}
