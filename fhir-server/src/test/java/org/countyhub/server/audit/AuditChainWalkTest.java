package org.countyhub.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.countyhub.server.support.HubServerTest;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Verifying the access records' chain while the hub keeps appending: the walk checks the chain up to the head it
 * started from, so records appended meanwhile are not taken for a break (a full suite once failed on this), while
 * a record put past the head by hand, not through the chain, is still found.
 */
class AuditChainWalkTest extends HubServerTest {

	@Test
	void recordsAppendedDuringTheWalkAreNotABreak() {
		AuditTrail trail = context().getBean(AuditTrail.class);
		AtomicBoolean walking = new AtomicBoolean(true);
		AtomicInteger appended = new AtomicInteger();
		CompletableFuture<Void> appender = CompletableFuture.runAsync(() -> {
			while (walking.get()) {
				trail.append(List.of(entry("walk-" + appended.incrementAndGet())));
			}
		});
		List<AuditTrail.Verification> walks = new ArrayList<>();
		try {
			// a few walks, each with records appended while it ran (before the fix the first walk already failed);
			// an appender that failed ends them, its exception thrown by the join below
			while ((walks.size() < 3 || appended.get() < 10) && !appender.isDone()) {
				walks.add(trail.verify());
			}
		} finally {
			walking.set(false);
			appender.join();
		}
		assertThat(walks).allSatisfy(walk -> assertThat(walk.intact()).as(walk.problem()).isTrue());
		assertThat(trail.verify().intact()).isTrue();
	}

	@Test
	void aRecordPastTheHeadIsFound() {
		AuditTrail trail = context().getBean(AuditTrail.class);
		JdbcTemplate jdbc = context().getBean(JdbcTemplate.class);
		long forged = jdbc.queryForObject("SELECT MAX(seq) FROM hub_audit_event", Long.class) + 1_000_000;
		jdbc.update("INSERT INTO hub_audit_event (seq, recorded_at, patient, actor, unit, action, outcome,"
				+ " rule_applied, event, previous_hash, hash) SELECT ?, recorded_at, patient, 'someone-else', unit,"
				+ " action, outcome, rule_applied, event, previous_hash, hash FROM hub_audit_event"
				+ " WHERE seq = (SELECT MAX(seq) FROM hub_audit_event)", forged);
		try {
			AuditTrail.Verification found = trail.verify();
			assertThat(found.intact()).isFalse();
			assertThat(found.brokenAt()).isEqualTo(forged);
			assertThat(found.problem()).contains("past the chain head");
		} finally {
			jdbc.update("DELETE FROM hub_audit_event WHERE seq = ?", forged);
		}
		assertThat(trail.verify().intact()).isTrue();
	}

	private static AuditTrail.Entry entry(String what) {
		AuditEvent event = new AuditEvent();
		event.setType(new Coding("http://dicom.nema.org/resources/ontology/DCM", "110100", "Application Activity"));
		event.setAction(AuditEvent.AuditEventAction.E);
		event.setOutcome(AuditEvent.AuditEventOutcome._0);
		event.setOutcomeDesc(what);
		return new AuditTrail.Entry(event, null, "chain-walk-test", null, "test", "0", null);
	}
}
