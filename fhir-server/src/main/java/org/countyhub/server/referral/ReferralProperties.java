package org.countyhub.server.referral;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Two-way referral settings ({@code hub.referral.*}).
 *
 * @param reservedShare share of each schedule's slots that {@code $publish-slots} reserves for referrals
 *                      (0.2 = one slot in five); 0 reserves none, 1 all
 * @param packetDays    how far back the referral packet reaches for results (days)
 */
@ConfigurationProperties(prefix = "hub.referral")
public record ReferralProperties(@DefaultValue("0.2") double reservedShare, @DefaultValue("180") int packetDays) {

	public ReferralProperties {
		if (reservedShare < 0 || reservedShare > 1) {
			throw new IllegalArgumentException("hub.referral.reserved-share must be between 0 and 1, was " + reservedShare);
		}
		if (packetDays < 1) {
			throw new IllegalArgumentException("hub.referral.packet-days must be at least 1, was " + packetDays);
		}
	}
}
