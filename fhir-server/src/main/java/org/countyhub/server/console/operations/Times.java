package org.countyhub.server.console.operations;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Journal times as operators read them: China time, to the second. */
final class Times {

	static final Times INSTANCE = new Times();
	static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
	private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(CHINA);

	private Times() {}

	public String of(Instant instant) {
		return instant == null ? "—" : FULL.format(instant);
	}

	/** The heatmap cell's colour class (see {@link DashboardPage#heat}). */
	public String heat(long count, long max) {
		return DashboardPage.heat(count, max);
	}
}
