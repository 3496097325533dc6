package org.countyhub.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.countyhub.server.identity.UnitRecords.newIdCard;
import static org.countyhub.server.identity.UnitRecords.newMrn;
import static org.countyhub.server.identity.UnitRecords.person;

import ca.uhn.fhir.mdm.api.IMdmSubmitSvc;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.countyhub.server.support.HubServerTest;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 20, matching that keeps up: after a bulk load the retry handed 100 unlinked Patients to MDM per period
 * (3 minutes by default), so 13,754 left by a county's first load would have taken about seven hours. A backlog's
 * next batch now follows as soon as MDM has linked the previous one. Here a batch of one and a period of an hour:
 * three Patients left behind are all linked again within the test's two minutes only if the batches follow MDM.
 */
class MatchingCatchUpTest extends HubServerTest {

	@Test
	void aBacklogIsWorkedOffAtMatchingsPaceNotOneBatchPerPeriod() {
		UnitRecords units = new UnitRecords(client);
		List<String> left = List.of(
				units.register("XZYY", newMrn(), person("孙立华", "1949-03-11", AdministrativeGender.FEMALE,
						"13811110001", newIdCard())).toUnqualifiedVersionless().getValue(),
				units.register("XZYY", newMrn(), person("周建国", "1950-04-12", AdministrativeGender.MALE,
						"13811110002", newIdCard())).toUnqualifiedVersionless().getValue(),
				units.register("XZYY", newMrn(), person("吴桂英", "1951-05-13", AdministrativeGender.FEMALE,
						"13811110003", newIdCard())).toUnqualifiedVersionless().getValue());
		JdbcTemplate jdbc = context().getBean(JdbcTemplate.class);
		UnlinkedPatients unlinked = context().getBean(UnlinkedPatients.class);
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
				.until(() -> left.stream().noneMatch(unlinked::isUnlinked));
		// what a failed match leaves: the Patients without their MDM links
		for (String patient : left) {
			jdbc.update("DELETE FROM mpi_link WHERE target_pid = (SELECT res_id FROM hfj_resource"
					+ " WHERE res_type = 'Patient' AND fhir_id = ?)", patient.substring("Patient/".length()));
		}
		assertThat(left).allMatch(unlinked::isUnlinked);

		// the retry sees only this test's Patients (others of the shared database may be left on purpose)
		Set<String> mine = Set.copyOf(left);
		MatchingRetry.Waiting ours = new MatchingRetry.Waiting() {
			@Override
			public List<UnlinkedPatients.Row> olderThan(Duration olderThan, int limit) {
				return unlinked.olderThan(olderThan, 100_000).stream()
						.filter(row -> mine.contains(row.patient())).limit(limit).toList();
			}

			@Override
			public boolean isUnlinked(String patient) {
				return unlinked.isUnlinked(patient);
			}
		};
		MatchingRetry retry = new MatchingRetry(ours, context().getBean(IMdmSubmitSvc.class), 3,
				Clock.systemUTC(), 1);
		AtomicInteger handed = new AtomicInteger();
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			handed.addAndGet(retry.tick(Duration.ZERO, Duration.ofHours(1)));
			assertThat(left).noneMatch(unlinked::isUnlinked);
		});
		// each handed once: a batch waits for the previous one instead of handing the same Patient again
		assertThat(handed.get()).isEqualTo(3);
		assertThat(retry.tick(Duration.ZERO, Duration.ofHours(1))).isZero();
	}
}
