package org.countyhub.server.critical;

import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * 危急值闭环 settings ({@code hub.critical-values.*}); docs/critical-values.md.
 *
 * @param enabled         judge every stored result against the table and open a loop for a critical one (off: no new
 *                        loops; acknowledgement, escalation and figures stay)
 * @param table           the table file; empty: the county folder's {@code critical-values/critical-values.yaml}
 * @param load            write the file as the FHIR Library {@code critical-values} at start (false: the table is
 *                        managed only through FHIR, the file is read only when no Library is stored yet)
 * @param zone            time zone of the monthly figures
 * @param escalationCheck how often open loops are checked against their acknowledgement deadline
 */
@ConfigurationProperties(prefix = "hub.critical-values")
public record CriticalValueProperties(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("") String table,
		@DefaultValue("true") boolean load,
		@DefaultValue("Asia/Shanghai") ZoneId zone,
		@DefaultValue("1m") Duration escalationCheck) {

	public CriticalValueProperties {
		if (escalationCheck.isNegative() || escalationCheck.isZero()) {
			throw new IllegalArgumentException("hub.critical-values.escalation-check must be positive, was "
					+ escalationCheck);
		}
	}
}
