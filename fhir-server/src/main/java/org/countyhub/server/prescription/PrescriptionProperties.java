package org.countyhub.server.prescription;

import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * 处方流转与前置审方 settings ({@code hub.prescriptions.*}); docs/prescriptions.md.
 *
 * @param enabled      screening, review and dispensing rules on every MedicationRequest and MedicationDispense
 * @param formulary    the community formulary file; empty: the county folder's {@code formulary/formulary.yaml}
 * @param policy       the review policy file; empty: the county folder's {@code formulary/review-policy.yaml}
 * @param zone         time zone of the monthly figures
 * @param overdueCheck how often open reviews are checked against the policy's time limit
 */
@ConfigurationProperties(prefix = "hub.prescriptions")
public record PrescriptionProperties(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("") String formulary,
		@DefaultValue("") String policy,
		@DefaultValue("Asia/Shanghai") ZoneId zone,
		@DefaultValue("1m") Duration overdueCheck) {

	public PrescriptionProperties {
		if (overdueCheck.isNegative() || overdueCheck.isZero()) {
			throw new IllegalArgumentException("hub.prescriptions.overdue-check must be positive, was " + overdueCheck);
		}
	}
}
