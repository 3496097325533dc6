package org.countyhub.server.referral;

import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Task.TaskStatus;

/**
 * The referral Task's state machine: requested → accepted | rejected → in-progress (patient arrived) →
 * completed, and cancelled by the requester while still requested. Each allowed transition names the side that
 * may make it; anything not listed is refused.
 */
final class ReferralStates {

	enum Side { RECEIVER, REQUESTER }

	private record Transition(TaskStatus from, TaskStatus to) {}

	private static final Map<Transition, Side> ALLOWED = Map.of(
			new Transition(TaskStatus.REQUESTED, TaskStatus.ACCEPTED), Side.RECEIVER,
			new Transition(TaskStatus.REQUESTED, TaskStatus.REJECTED), Side.RECEIVER,
			new Transition(TaskStatus.REQUESTED, TaskStatus.CANCELLED), Side.REQUESTER,
			new Transition(TaskStatus.ACCEPTED, TaskStatus.INPROGRESS), Side.RECEIVER,
			new Transition(TaskStatus.INPROGRESS, TaskStatus.COMPLETED), Side.RECEIVER);

	private ReferralStates() {}

	/** Who may move a referral from one state to the other; empty when the transition is not allowed at all. */
	static Optional<Side> whoMay(TaskStatus from, TaskStatus to) {
		return Optional.ofNullable(ALLOWED.get(new Transition(from, to)));
	}

	static boolean needsReason(TaskStatus to) {
		return to == TaskStatus.REJECTED || to == TaskStatus.CANCELLED;
	}
}
