package org.countyhub.server.identity;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Patient identity across member units ({@code hub.identity.*}); see docs/identity.md.
 *
 * @param enabled              link each unit's Patients to one golden Patient per person (HAPI MDM); off = no
 *                             links, no cross-unit history
 * @param rules                the MDM rules (which fields make a MATCH or a POSSIBLE_MATCH), a Spring resource
 *                             location
 * @param historyCatalog       which resource types make up the cross-unit history and how each is filtered
 *                             (category, date, performing unit), a Spring resource location
 * @param candidateSearchLimit most candidates MDM compares one incoming Patient with; more is an error for
 *                             that Patient (too broad a candidate search), never a silent cut
 * @param maxNameLength        characters (whitespace not counted) beyond which a name is not read or compared:
 *                             it matches nothing and costs nothing (issue 20, finding 6)
 * @param matchingThreads      threads that link Patients (HAPI's MDM channel consumers); more than one links
 *                             faster but two registrations of one new person handled at the same moment may
 *                             each get a golden record (left for review as duplicates)
 * @param unlinkedAfter        a unit Patient without a golden record this long after it was written is counted
 *                             as unlinked (backlog metric, operator view)
 * @param retryAfter           an unlinked unit Patient is handed to matching again this long after its last write
 *                             and after each earlier retry (MDM dropped it: the database was away, a thread died);
 *                             0 = never
 * @param maxRetries           retries of one Patient before it is left to the operator (a Patient that fails every
 *                             time, such as one with too broad a candidate search, is not retried for ever)
 */
@Validated
@ConfigurationProperties(prefix = "hub.identity")
public record IdentityProperties(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("classpath:identity/mdm-rules.json") String rules,
		@DefaultValue("classpath:identity/history-catalog.json") String historyCatalog,
		@DefaultValue("100") int candidateSearchLimit,
		@DefaultValue("100") int maxNameLength,
		@DefaultValue("1") int matchingThreads,
		@DefaultValue("5m") Duration unlinkedAfter,
		@DefaultValue("15m") Duration retryAfter,
		@DefaultValue("3") int maxRetries) {

	public IdentityProperties {
		if (candidateSearchLimit < 1) {
			throw new IllegalArgumentException("hub.identity.candidate-search-limit must be >= 1");
		}
		if (maxNameLength < 1) {
			throw new IllegalArgumentException("hub.identity.max-name-length must be >= 1");
		}
		if (matchingThreads < 1) {
			throw new IllegalArgumentException("hub.identity.matching-threads must be >= 1");
		}
		if (unlinkedAfter.isNegative()) {
			throw new IllegalArgumentException("hub.identity.unlinked-after must not be negative");
		}
		if (retryAfter.isNegative()) {
			throw new IllegalArgumentException("hub.identity.retry-after must not be negative, was " + retryAfter);
		}
		if (maxRetries < 0) {
			throw new IllegalArgumentException("hub.identity.max-retries must be >= 0, was " + maxRetries);
		}
	}
}
