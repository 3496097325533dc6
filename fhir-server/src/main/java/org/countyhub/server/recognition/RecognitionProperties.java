package org.countyhub.server.recognition;

import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Mutual recognition of results ({@code hub.recognition.*}).
 *
 * @param zone              the county's time zone: validity windows end at midnight local time and figures are
 *                          counted per local calendar month
 * @param maxResults        most recognisable results one {@code $recognizable-results} call or CDS card returns
 * @param reevaluationPage  reports re-evaluated per page when a unit's qualification or code map changes
 * @param cardSourceLabel   the source label shown on CDS Hooks cards
 */
@ConfigurationProperties(prefix = "hub.recognition")
public record RecognitionProperties(
		@DefaultValue("Asia/Shanghai") ZoneId zone,
		@DefaultValue("100") int maxResults,
		@DefaultValue("200") int reevaluationPage,
		@DefaultValue("县域医共体检查检验结果互认") String cardSourceLabel) {

	public RecognitionProperties {
		if (maxResults < 1 || maxResults > 1000) {
			throw new IllegalArgumentException("hub.recognition.max-results must be between 1 and 1000");
		}
		if (reevaluationPage < 1 || reevaluationPage > 1000) {
			throw new IllegalArgumentException("hub.recognition.reevaluation-page must be between 1 and 1000");
		}
	}
}
