package org.countyhub.server.console.referrals;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ReferralFormTest {

	private static final Set<String> UNITS = Set.of("WSY01", "XRMYY");

	@Test
	void aReferralNeedsAReceivingUnitOtherThanItsOwnAndAReason() {
		assertThat(new ReferralForm("up", "WSY01", "", null, null).problems("WSY01", UNITS))
				.containsEntry("to", "接收单位不能是本单位").containsEntry("reason", "请填写转诊原因");
		assertThat(new ReferralForm("up", "XRMYY", "心绞痛", null, null).problems("WSY01", UNITS)).isEmpty();
	}

	@Test
	void aDownReferralNeedsItsFollowUpPlan() {
		assertThat(new ReferralForm("down", "WSY01", "术后康复", "urgent", "").problems("XRMYY", UNITS))
				.containsOnlyKeys("plan");
	}

	@Test
	void theTabsFallBackToTheInboxOfUpReferralsWaiting() {
		ReferralTabs tabs = new ReferralTabs("x", null, "booked");
		assertThat(tabs.box()).isEqualTo("in");
		assertThat(tabs.direction()).isEqualTo("up");
		assertThat(tabs.taskStatus()).isEqualTo("accepted");
	}
}
