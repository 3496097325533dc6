package org.countyhub.server.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.AuditEvent;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The access records: append-only table {@code hub_audit_event}, one row per AuditEvent (its JSON and the columns
 * the lists query), chained with SM3: each row's hash covers the previous row's hash, its sequence number and its
 * content, and table {@code hub_audit_head} holds the last number and hash. Appending locks the head row, so the
 * chain stays one line with several instances on one database. Nothing in the hub updates or deletes a row; a
 * changed, removed or inserted row breaks the chain where {@link #verify()} finds it.
 */
@Component
public class AuditTrail implements InitializingBean {

	private static final String GENESIS = "0".repeat(64);
	private static final int PAGE = 500;

	/** A stored access record. */
	public record Row(long seq, Instant recorded, String patient, String actor, String unit, String action,
			String outcome, String rule, String event, String previousHash, String hash) {}

	/** What a verification found: rows checked, and the first broken row with the problem (if any). */
	public record Verification(long checked, Long brokenAt, String problem) {
		public boolean intact() {
			return brokenAt == null;
		}
	}

	private final JdbcTemplate jdbc;
	private final TransactionTemplate ownTransaction;
	private final IParser json;
	private final Clock clock;
	private final Object appendLock = new Object();
	private final SharedAppends shared;

	AuditTrail(JdbcTemplate jdbc, JpaTransactionManager transactions, FhirContext fhirContext, Clock clock) {
		this.jdbc = jdbc;
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.json = fhirContext.newJsonParser();
		this.clock = clock;
		this.shared = new SharedAppends(appendLock,
				entries -> ownTransaction.executeWithoutResult(status -> appendInCurrentTransaction(entries)));
	}

	@Override
	public void afterPropertiesSet() {
		jdbc.execute("""
				CREATE TABLE IF NOT EXISTS hub_audit_event (
				    seq bigint PRIMARY KEY,
				    recorded_at bigint NOT NULL,
				    patient varchar(64),
				    actor varchar(200),
				    unit varchar(64),
				    action varchar(64) NOT NULL,
				    outcome varchar(8) NOT NULL,
				    rule_applied varchar(64),
				    event varchar(1000000) NOT NULL,
				    previous_hash varchar(64) NOT NULL,
				    hash varchar(64) NOT NULL)""");
		jdbc.execute("CREATE INDEX IF NOT EXISTS hub_audit_event_patient ON hub_audit_event (patient, seq)");
		jdbc.execute("CREATE INDEX IF NOT EXISTS hub_audit_event_unit ON hub_audit_event (unit, seq)");
		jdbc.execute("""
				CREATE TABLE IF NOT EXISTS hub_audit_head (
				    id int PRIMARY KEY,
				    last_seq bigint NOT NULL,
				    last_hash varchar(64) NOT NULL)""");
		// the retention checkpoint: the records up to purged_seq were removed, the last of them hashed to purged_hash
		jdbc.execute("ALTER TABLE hub_audit_head ADD COLUMN IF NOT EXISTS purged_seq bigint DEFAULT 0 NOT NULL");
		jdbc.execute("ALTER TABLE hub_audit_head ADD COLUMN IF NOT EXISTS purged_hash varchar(64) DEFAULT '" + GENESIS
				+ "' NOT NULL");
		Integer heads = jdbc.queryForObject("SELECT COUNT(*) FROM hub_audit_head", Integer.class);
		if (heads == null || heads == 0) {
			jdbc.update("INSERT INTO hub_audit_head (id, last_seq, last_hash) VALUES (1, 0, ?)", GENESIS);
		}
	}

	/** One record to append: the AuditEvent and the columns the lists query. */
	public record Entry(AuditEvent event, String patient, String actor, String unit, String action, String outcome,
			String rule) {}

	/**
	 * Appends records, committed before this returns (their own transaction, shared with the records of other
	 * requests appending at the same moment); an exception here must fail the access they record.
	 */
	public void append(List<Entry> entries) {
		if (!entries.isEmpty()) {
			shared.append(entries);
		}
	}

	/**
	 * Appends what {@code take} takes out of an outbox, the head locked first: of several hubs draining one outbox
	 * each row is taken once, and the take commits with the append. Returns how many records were appended.
	 */
	public int appendTaken(java.util.function.Supplier<List<Entry>> take) {
		synchronized (appendLock) {
			Integer appended = ownTransaction.execute(status -> {
				jdbc.queryForMap("SELECT last_seq FROM hub_audit_head WHERE id = 1 FOR UPDATE");
				List<Entry> entries = take.get();
				appendInCurrentTransaction(entries);
				return entries.size();
			});
			return appended == null ? 0 : appended;
		}
	}

	/**
	 * Appends records in the transaction of the caller (a write's, just before it commits), so that they are
	 * stored exactly when the write is. The head row stays locked until that transaction ends.
	 */
	public void appendInCurrentTransaction(List<Entry> entries) {
		if (entries.isEmpty()) {
			return;
		}
		var head = jdbc.queryForMap("SELECT last_seq, last_hash FROM hub_audit_head WHERE id = 1 FOR UPDATE");
		long seq = ((Number) head.get("last_seq")).longValue();
		String previous = (String) head.get("last_hash");
		List<Object[]> rows = new ArrayList<>(entries.size());
		for (Entry entry : entries) {
			Instant now = clock.instant();
			if (!entry.event().hasRecorded()) {
				entry.event().setRecorded(java.util.Date.from(now));
			}
			String text = json.encodeResourceToString(entry.event());
			seq++;
			Row row = new Row(seq, now, cut(entry.patient(), 64), cut(entry.actor(), 200), cut(entry.unit(), 64),
					cut(entry.action(), 64), entry.outcome(), cut(entry.rule(), 64), text, previous, null);
			String hash = hash(row);
			rows.add(new Object[] {seq, now.toEpochMilli(), row.patient(), row.actor(), row.unit(), row.action(),
				row.outcome(), row.rule(), text, previous, hash});
			previous = hash;
		}
		// one statement sent for all of them (a batch of concurrent requests' records can be dozens)
		jdbc.batchUpdate("INSERT INTO hub_audit_event (seq, recorded_at, patient, actor, unit, action, outcome,"
				+ " rule_applied, event, previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
		jdbc.update("UPDATE hub_audit_head SET last_seq = ?, last_hash = ? WHERE id = 1", seq, previous);
	}

	/**
	 * Walks the whole chain from the first row to the head as it is when the walk starts: numbers without gaps, each
	 * hash recomputed and linked.
	 */
	public Verification verify() {
		var head = jdbc.queryForMap("SELECT last_seq, last_hash, purged_seq, purged_hash FROM hub_audit_head WHERE id = 1");
		long lastSeq = ((Number) head.get("last_seq")).longValue();
		long purgedSeq = ((Number) head.get("purged_seq")).longValue();
		String previous = (String) head.get("purged_hash");
		if (purgedSeq > 0 && !purgeAttested(purgedSeq, previous)) {
			return new Verification(0, purgedSeq + 1, "the retention checkpoint (records up to " + purgedSeq
					+ " removed) is not the one a purge record in the chain names");
		}
		long expected = purgedSeq + 1;
		long checked = 0;
		while (true) {
			// only up to the head read above: records appended while the walk runs are not part of what is checked
			List<Row> rows = jdbc.query("SELECT seq, recorded_at, patient, actor, unit, action, outcome, rule_applied,"
					+ " event, previous_hash, hash FROM hub_audit_event WHERE seq >= ? AND seq <= ? ORDER BY seq LIMIT "
					+ PAGE, AuditTrail::row, expected, lastSeq);
			if (rows.isEmpty()) {
				break;
			}
			for (Row row : rows) {
				if (row.seq() != expected) {
					return new Verification(checked, expected, "record " + expected + " is missing");
				}
				if (!row.previousHash().equals(previous)) {
					return new Verification(checked, row.seq(), "record " + row.seq()
							+ " does not follow the record before it (its previous hash differs)");
				}
				if (!hash(row).equals(row.hash())) {
					return new Verification(checked, row.seq(), "record " + row.seq()
							+ " was changed after it was written (its hash differs)");
				}
				previous = row.hash();
				expected++;
				checked++;
			}
		}
		if (purgedSeq + checked != lastSeq) {
			return new Verification(checked, purgedSeq + checked + 1, "the chain ends at record "
					+ (purgedSeq + checked) + " but " + lastSeq + " were written");
		}
		if (!previous.equals(head.get("last_hash"))) {
			return new Verification(checked, lastSeq, "the last record's hash differs from the chain head");
		}
		// a record numbered past the head now (one statement: the head and the rows as of one moment) was not
		// appended through the chain
		var now = jdbc.queryForMap("SELECT (SELECT MAX(seq) FROM hub_audit_event) AS max_seq, last_seq"
				+ " FROM hub_audit_head WHERE id = 1");
		if (now.get("max_seq") instanceof Number max && max.longValue() > ((Number) now.get("last_seq")).longValue()) {
			return new Verification(checked, max.longValue(), "record " + max.longValue()
					+ " is past the chain head (" + now.get("last_seq") + "): it was not appended through the chain");
		}
		return new Verification(checked, null, null);
	}

	/**
	 * Removes the records written before {@code before} (a prefix of the chain, never the last record) in one
	 * transaction with the head locked: the head keeps the number and hash of the last removed record as the
	 * checkpoint the chain now starts from, and {@code purgeRecord} (given that number and hash) is appended after
	 * it, so that the checkpoint itself is attested by a chained record. Returns how many records were removed.
	 */
	public long purge(Instant before, java.util.function.BiFunction<Long, String, Entry> purgeRecord) {
		synchronized (appendLock) {
			Long removed = ownTransaction.execute(status -> {
				var head = jdbc.queryForMap("SELECT last_seq FROM hub_audit_head WHERE id = 1 FOR UPDATE");
				long lastSeq = ((Number) head.get("last_seq")).longValue();
				Long firstKept = jdbc.queryForObject("SELECT MIN(seq) FROM hub_audit_event WHERE recorded_at >= ?",
						Long.class, before.toEpochMilli());
				long upTo = Math.min(firstKept == null ? lastSeq : firstKept - 1, lastSeq - 1);
				Long from = jdbc.queryForObject("SELECT MIN(seq) FROM hub_audit_event", Long.class);
				if (from == null || upTo < from) {
					return 0L;
				}
				String hash = jdbc.queryForObject("SELECT hash FROM hub_audit_event WHERE seq = ?", String.class, upTo);
				int count = jdbc.update("DELETE FROM hub_audit_event WHERE seq <= ?", upTo);
				jdbc.update("UPDATE hub_audit_head SET purged_seq = ?, purged_hash = ? WHERE id = 1", upTo, hash);
				appendInCurrentTransaction(List.of(purgeRecord.apply(upTo, hash)));
				return (long) count;
			});
			return removed == null ? 0 : removed;
		}
	}

	/** The latest purge record in the chain names this checkpoint. */
	private boolean purgeAttested(long purgedSeq, String purgedHash) {
		List<String> events = jdbc.queryForList("SELECT event FROM hub_audit_event WHERE action = ? AND seq > ?"
				+ " ORDER BY seq DESC LIMIT 1", String.class, PURGE_ACTION, purgedSeq);
		if (events.isEmpty()) {
			return false;
		}
		AuditEvent purge = json.parseResource(AuditEvent.class, events.get(0));
		return purge.getEntity().stream().flatMap(e -> e.getDetail().stream())
				.anyMatch(d -> PURGED_TO.equals(d.getType()) && d.getValue().primitiveValue() != null
						&& d.getValue().primitiveValue().equals(purgedSeq + " " + purgedHash));
	}

	/** The action column of a purge record, and the entity detail naming its checkpoint ("seq hash"). */
	public static final String PURGE_ACTION = "audit-purge";
	public static final String PURGED_TO = "purged-to";

	/** The records about these Patient records, oldest first. */
	public List<Row> aboutPatients(Collection<String> patients) {
		if (patients.isEmpty()) {
			return List.of();
		}
		String marks = String.join(",", patients.stream().map(p -> "?").toList());
		return jdbc.query("SELECT seq, recorded_at, patient, actor, unit, action, outcome, rule_applied, event,"
				+ " previous_hash, hash FROM hub_audit_event WHERE patient IN (" + marks + ") ORDER BY seq",
				AuditTrail::row, patients.toArray());
	}

	/** The latest records (newest first), optionally of one unit and / or one action and / or one rule. */
	public List<Row> latest(int count, Optional<Collection<String>> units, Optional<String> action,
			Optional<String> rule, Optional<String> outcomeOtherThan) {
		StringBuilder sql = new StringBuilder("SELECT seq, recorded_at, patient, actor, unit, action, outcome,"
				+ " rule_applied, event, previous_hash, hash FROM hub_audit_event WHERE 1 = 1");
		List<Object> args = new ArrayList<>();
		units.ifPresent(list -> {
			sql.append(" AND unit IN (").append(String.join(",", list.stream().map(u -> "?").toList())).append(")");
			args.addAll(list);
		});
		action.ifPresent(a -> {
			sql.append(" AND action = ?");
			args.add(a);
		});
		rule.ifPresent(r -> {
			sql.append(" AND rule_applied = ?");
			args.add(r);
		});
		outcomeOtherThan.ifPresent(o -> {
			sql.append(" AND outcome <> ?");
			args.add(o);
		});
		sql.append(" ORDER BY seq DESC LIMIT ").append(Math.max(1, Math.min(count, 1000)));
		return jdbc.query(sql.toString(), AuditTrail::row, args.toArray());
	}

	public AuditEvent event(Row row) {
		AuditEvent event = json.parseResource(AuditEvent.class, row.event());
		event.setId("hub-audit-" + row.seq());
		return event;
	}

	private static Row row(java.sql.ResultSet rs, int index) throws java.sql.SQLException {
		return new Row(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), rs.getString(4),
				rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
				rs.getString(11));
	}

	private static String hash(Row row) {
		return Sm3.hex(String.join("\u001f", row.previousHash(), Long.toString(row.seq()),
				Long.toString(row.recorded().toEpochMilli()), String.valueOf(row.patient()), String.valueOf(row.actor()),
				String.valueOf(row.unit()), row.action(), row.outcome(), String.valueOf(row.rule()), row.event()));
	}

	private static String cut(String value, int length) {
		return value == null || value.length() <= length ? value : value.substring(0, length);
	}
}
