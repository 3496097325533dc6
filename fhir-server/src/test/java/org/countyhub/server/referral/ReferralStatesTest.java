package org.countyhub.server.referral;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Test;

class ReferralStatesTest {

	@Test
	void onlyTheReceiverDecidesAndOnlyTheRequesterCancelsBeforeAcceptance() {
		assertThat(ReferralStates.whoMay(TaskStatus.REQUESTED, TaskStatus.ACCEPTED)).contains(ReferralStates.Side.RECEIVER);
		assertThat(ReferralStates.whoMay(TaskStatus.REQUESTED, TaskStatus.REJECTED)).contains(ReferralStates.Side.RECEIVER);
		assertThat(ReferralStates.whoMay(TaskStatus.REQUESTED, TaskStatus.CANCELLED)).contains(ReferralStates.Side.REQUESTER);
		assertThat(ReferralStates.whoMay(TaskStatus.ACCEPTED, TaskStatus.INPROGRESS)).contains(ReferralStates.Side.RECEIVER);
		assertThat(ReferralStates.whoMay(TaskStatus.INPROGRESS, TaskStatus.COMPLETED)).contains(ReferralStates.Side.RECEIVER);
	}

	@Test
	void everythingElseIsRefused() {
		assertThat(ReferralStates.whoMay(TaskStatus.ACCEPTED, TaskStatus.CANCELLED)).isEmpty();
		assertThat(ReferralStates.whoMay(TaskStatus.REQUESTED, TaskStatus.COMPLETED)).isEmpty();
		assertThat(ReferralStates.whoMay(TaskStatus.REJECTED, TaskStatus.ACCEPTED)).isEmpty();
		assertThat(ReferralStates.whoMay(TaskStatus.COMPLETED, TaskStatus.INPROGRESS)).isEmpty();
		assertThat(ReferralStates.whoMay(TaskStatus.CANCELLED, TaskStatus.REQUESTED)).isEmpty();
	}

	@Test
	void theReservedShareIsSpreadEvenlyOverThePublishedSlots() {
		assertThat(IntStream.range(0, 10).filter(i -> ReservedSlots.reservedAt(i, 0.2)).boxed().toList())
				.containsExactly(4, 9);
		assertThat(IntStream.range(0, 10).filter(i -> ReservedSlots.reservedAt(i, 0.0)).count()).isZero();
		assertThat(IntStream.range(0, 10).filter(i -> ReservedSlots.reservedAt(i, 1.0)).count()).isEqualTo(10);
		assertThat(IntStream.range(0, 7).filter(i -> ReservedSlots.reservedAt(i, 0.3)).count()).isEqualTo(2);
	}
}
