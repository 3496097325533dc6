package org.countyhub.server.prescription;

import java.time.Duration;
import java.util.Set;
import org.countyhub.county.MemberUnit;
import org.countyhub.county.UnitType;

/**
 * The county's 前置审方 policy (its {@code review-policy.yaml}): who reviews, whose prescriptions are held for
 * review, whose clean prescriptions are approved at once, and the review time limit.
 *
 * @param centre            the unit running the pre-review centre and the central pharmacy (缺药 worklist); null
 *                          without a policy ({@link #NONE})
 * @param centreName        its name on tasks and cards
 * @param reviewedUnitTypes prescriptions of units of these types are held until a pharmacist decides
 * @param autoApproveClean  units whose prescriptions without a screening hit are approved at once (自动通过)
 * @param timeLimit         an open review older than this is escalated (审方超时)
 */
record ReviewPolicy(MemberUnit centre, String centreName, Set<UnitType> reviewedUnitTypes,
		Set<String> autoApproveClean, Duration timeLimit) {

	/** A county without a policy file: no centre, nothing held. */
	static final ReviewPolicy NONE = new ReviewPolicy(null, "", Set.of(), Set.of(), Duration.ofMinutes(30));

	boolean reviews(MemberUnit unit) {
		return reviewedUnitTypes.contains(unit.type());
	}

	boolean autoApproves(MemberUnit unit) {
		return autoApproveClean.contains(unit.code());
	}
}
