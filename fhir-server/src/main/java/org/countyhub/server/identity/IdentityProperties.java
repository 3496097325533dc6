package org.countyhub.server.identity;

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
 */
@Validated
@ConfigurationProperties(prefix = "hub.identity")
public record IdentityProperties(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("classpath:identity/mdm-rules.json") String rules,
		@DefaultValue("classpath:identity/history-catalog.json") String historyCatalog,
		@DefaultValue("100") int candidateSearchLimit) {

	public IdentityProperties {
		if (candidateSearchLimit < 1) {
			throw new IllegalArgumentException("hub.identity.candidate-search-limit must be >= 1");
		}
	}
}
