package org.countyhub.server.publichealth;

import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * 传染病自动报告 settings ({@code hub.public-health.*}); docs/public-health.md.
 *
 * @param enabled        detection of notifiable diseases on every stored diagnosis and result
 * @param catalogue      the catalogue file; empty: the county folder's {@code notifiable-diseases.yaml} if there is
 *                       one, else the national default the hub ships
 * @param zone           time zone of card numbers, the daily export and the monthly figures
 * @param overdueCheck   how often open cards are checked against their deadline
 * @param exportEndpoint Camel endpoint URI the confirmed cards go to; empty: {@code file:<data-dir>/public-health/outbox}
 * @param exportSchedule Spring cron expression of the daily export (in {@code zone}); "-" turns the schedule off
 */
@ConfigurationProperties(prefix = "hub.public-health")
public record PublicHealthProperties(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("") String catalogue,
		@DefaultValue("Asia/Shanghai") ZoneId zone,
		@DefaultValue("1m") Duration overdueCheck,
		@DefaultValue("") String exportEndpoint,
		@DefaultValue("0 0 1 * * *") String exportSchedule) {

	public PublicHealthProperties {
		if (overdueCheck.isNegative() || overdueCheck.isZero()) {
			throw new IllegalArgumentException("hub.public-health.overdue-check must be positive, was " + overdueCheck);
		}
		if (!"-".equals(exportSchedule) && !org.springframework.scheduling.support.CronExpression
				.isValidExpression(exportSchedule)) {
			throw new IllegalArgumentException("hub.public-health.export-schedule is not a cron expression: '"
					+ exportSchedule + "'");
		}
	}
}
