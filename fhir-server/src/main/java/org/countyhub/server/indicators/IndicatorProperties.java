package org.countyhub.server.indicators;

import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Reform indicators ({@code hub.indicators.*}, docs/indicators.md).
 *
 * @param zone          the county's time zone: a month runs from 00:00 on the 1st to 00:00 on the next 1st there
 * @param readingLimit  the turnaround a remote reading should stay within (远程诊断时限)
 * @param cacheFor      how long a computed month is reused before it is computed again (0: never reused)
 * @param trendMonths   months shown in the 驾驶舱 page's trend lines
 */
@ConfigurationProperties(prefix = "hub.indicators")
public record IndicatorProperties(
		@DefaultValue("Asia/Shanghai") ZoneId zone,
		@DefaultValue("24h") Duration readingLimit,
		@DefaultValue("5m") Duration cacheFor,
		@DefaultValue("12") int trendMonths) {

	public IndicatorProperties {
		if (readingLimit.isNegative() || readingLimit.isZero()) {
			throw new IllegalArgumentException("hub.indicators.reading-limit must be positive, was " + readingLimit);
		}
		if (cacheFor.isNegative()) {
			throw new IllegalArgumentException("hub.indicators.cache-for must not be negative, was " + cacheFor);
		}
		if (trendMonths < 2 || trendMonths > 36) {
			throw new IllegalArgumentException("hub.indicators.trend-months must be between 2 and 36, was " + trendMonths);
		}
	}
}
