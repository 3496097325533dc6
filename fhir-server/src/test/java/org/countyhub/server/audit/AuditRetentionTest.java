package org.countyhub.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.support.HubServerTest;
import org.countyhub.server.support.TestClock;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Retention of the access records (docs/access.md): nothing younger than the county's retention (180 days) is
 * removed; older records are, and the chain still verifies from the checkpoint the purge left; a changed record or
 * a moved checkpoint after a purge is still found.
 */
class AuditRetentionTest extends HubServerTest {

	@Test
	void recordsPastTheRetentionAreRemovedAndTheChainStillVerifies() {
		client.read().resource(Organization.class).withId("WSY01").execute();
		JdbcTemplate jdbc = context().getBean(JdbcTemplate.class);
		AuditRetention retention = context().getBean(AuditRetention.class);
		TestClock clock = context().getBean(TestClock.class);
		long before = count(jdbc);
		long last = jdbc.queryForObject("SELECT MAX(seq) FROM hub_audit_event", Long.class);
		try {
			clock.set(Instant.now().plus(Duration.ofDays(179)));
			assertThat(retention.purge()).as("records 179 days old are kept").isZero();
			assertThat(count(jdbc)).isGreaterThanOrEqualTo(before);

			clock.set(Instant.now().plus(Duration.ofDays(181)));
			assertThat(retention.purge()).isPositive();
		} finally {
			clock.reset();
		}
		// the newest record stays, so the chain always has a record to continue from; the purge record follows it
		assertThat(jdbc.queryForObject("SELECT MIN(seq) FROM hub_audit_event", Long.class)).isGreaterThanOrEqualTo(last);
		Parameters verified = verify();
		assertThat(verified.getParameterBool("intact")).as(verified.toString()).isTrue();

		List<AuditEvent> trail = trail();
		AuditEvent purge = trail.stream().filter(e -> AuditTrail.PURGE_ACTION.equals(e.getSubtypeFirstRep().getCode()))
				.findFirst().orElseThrow();
		assertThat(purge.getAction()).isEqualTo(AuditEvent.AuditEventAction.D);
		assertThat(purge.getOutcomeDesc()).contains("kept 180 days");

		long first = jdbc.queryForObject("SELECT MIN(seq) FROM hub_audit_event", Long.class);
		String actor = jdbc.queryForObject("SELECT actor FROM hub_audit_event WHERE seq = ?", String.class, first);
		jdbc.update("UPDATE hub_audit_event SET actor = ? WHERE seq = ?", "someone-else", first);
		try {
			Parameters broken = verify();
			assertThat(broken.getParameterBool("intact")).isFalse();
			assertThat(((IntegerType) broken.getParameterValue("brokenAt")).getValue()).isEqualTo((int) first);
		} finally {
			jdbc.update("UPDATE hub_audit_event SET actor = ? WHERE seq = ?", actor, first);
		}

		// hiding the first kept record by moving the checkpoint past it is found too
		jdbc.update("UPDATE hub_audit_head SET purged_seq = purged_seq + 1 WHERE id = 1");
		try {
			Parameters moved = verify();
			assertThat(moved.getParameterBool("intact")).isFalse();
			assertThat(moved.getParameterValue("problem").primitiveValue()).contains("checkpoint");
		} finally {
			jdbc.update("UPDATE hub_audit_head SET purged_seq = purged_seq - 1 WHERE id = 1");
		}
		assertThat(verify().getParameterBool("intact")).isTrue();
	}

	private static long count(JdbcTemplate jdbc) {
		return jdbc.queryForObject("SELECT COUNT(*) FROM hub_audit_event", Long.class);
	}

	private IGenericClient auditor() {
		return clientWith(tokenAs(List.of(Roles.AUDITOR)));
	}

	private Parameters verify() {
		return auditor().operation().onServer().named("$verify-audit-chain").withNoParameters(Parameters.class)
				.useHttpGet().execute();
	}

	private List<AuditEvent> trail() {
		Bundle bundle = auditor().operation().onServer().named("$audit-trail")
				.withParameters(new Parameters().addParameter("_count", new IntegerType(50)))
				.useHttpGet().returnResourceType(Bundle.class).execute();
		return bundle.getEntry().stream().map(e -> (AuditEvent) e.getResource()).toList();
	}
}
